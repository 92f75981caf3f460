namespace Pipewise.Agent.Catalog;

/// <summary>One entry of the finite action catalog (documented in docs/agent.md).</summary>
public sealed record CatalogAction(
    string Id,
    ActionKind Kind,
    string Title,
    string Trigger,
    string GitHubSnippet,
    string AzurePipelinesSnippet);
