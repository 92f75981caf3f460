namespace Pipewise.Core.Agent;

/// <summary>One tuning suggestion from the action catalog, with the evidence and the snippet to paste.</summary>
public sealed record Suggestion
{
    public required string ActionId { get; init; }
    public required string Title { get; init; }
    public required string Evidence { get; init; }
    public string? GitHubSnippet { get; init; }
    public string? AzurePipelinesSnippet { get; init; }
    public double? ExpectedSavingSeconds { get; init; }
}
