using System.Globalization;
using Pipewise.Core.Agent;

namespace Pipewise.Agent.Catalog;

/// <summary>The finite, documented set of actions the agent can suggest.</summary>
public static class ActionCatalog
{
    public const string NoChange = "no-change";
    public const string CacheDependencies = "cache-dependencies";
    public const string ShardTests = "shard-tests";
    public const string CancelSuperseded = "cancel-superseded";
    public const string ShallowClone = "shallow-clone";
    public const string PathFilters = "path-filters";
    public const string LargerRunner = "larger-runner";
    public const string SmallerRunner = "smaller-runner";
    public const string TimeoutFromP99 = "timeout-p99";
    public const string RetryFlakyStep = "retry-flaky-step";
    public const string RetryIntermittent = "retry-intermittent";
    public const string DurationRegression = "duration-regression";
    public const string QueueCapacity = "queue-capacity";
    public const string DeployProceed = "deploy-proceed";
    public const string DeployCanary = "deploy-canary";
    public const string DeployBlueGreen = "deploy-blue-green";
    public const string DeployHold = "deploy-hold";

    /// <summary>A candidate value that replaces the catalog's GitHub Actions snippet as a whole (e.g. the cache snippet of the ecosystem).</summary>
    public const string GitHubSnippetValue = "snippet.github";

    /// <summary>A candidate value that replaces the catalog's Azure Pipelines snippet as a whole.</summary>
    public const string AzureSnippetValue = "snippet.azure";

    /// <summary>Every action: the tuning suggestions, then the deployment strategies.</summary>
    public static IReadOnlyList<CatalogAction> All { get; } = [.. TuningActions.All, .. DeploymentActions.All];

    private static readonly Dictionary<string, CatalogAction> ById = All.ToDictionary(a => a.Id, StringComparer.Ordinal);

    public static IReadOnlyList<string> TuningIds { get; } = [.. All.Where(a => a.Kind == ActionKind.Tuning).Select(a => a.Id)];

    public static IReadOnlyList<string> DeploymentIds { get; } = [DeployProceed, DeployCanary, DeployBlueGreen, DeployHold];

    public static CatalogAction Get(string id) =>
        ById.TryGetValue(id, out var action) ? action : throw new ArgumentException($"Unknown catalog action '{id}'.", nameof(id));

    public static bool IsKnown(string id) => ById.ContainsKey(id);

    public static string ToActionId(DeploymentStrategy strategy) => strategy switch
    {
        DeploymentStrategy.Proceed => DeployProceed,
        DeploymentStrategy.Canary => DeployCanary,
        DeploymentStrategy.BlueGreen => DeployBlueGreen,
        _ => DeployHold,
    };

    public static DeploymentStrategy ToStrategy(string actionId) => actionId switch
    {
        DeployProceed => DeploymentStrategy.Proceed,
        DeployCanary => DeploymentStrategy.Canary,
        DeployBlueGreen => DeploymentStrategy.BlueGreen,
        DeployHold => DeploymentStrategy.Hold,
        _ => throw new ArgumentException($"'{actionId}' is not a deployment action.", nameof(actionId)),
    };

    /// <summary>How strict a strategy is: Proceed 0 &lt; Canary 1 &lt; BlueGreen 2 &lt; Hold 3.</summary>
    public static int Strictness(DeploymentStrategy strategy) => strategy switch
    {
        DeploymentStrategy.Proceed => 0,
        DeploymentStrategy.Canary => 1,
        DeploymentStrategy.BlueGreen => 2,
        _ => 3,
    };

    /// <summary>Builds the suggestion shown to users, with placeholders filled from the evidence.</summary>
    public static Suggestion ToSuggestion(string actionId, string evidence, double? expectedSaving, IReadOnlyDictionary<string, string>? values = null)
    {
        var action = Get(actionId);
        string Fill(string text)
        {
            if (values is null)
            {
                return text;
            }

            foreach (var (key, value) in values)
            {
                text = text.Replace("{" + key + "}", value, StringComparison.Ordinal);
            }

            return text;
        }

        return new Suggestion
        {
            ActionId = action.Id,
            Title = Fill(action.Title),
            Evidence = evidence,
            GitHubSnippet = values?.GetValueOrDefault(GitHubSnippetValue) ?? (action.GitHubSnippet.Length == 0 ? null : Fill(action.GitHubSnippet)),
            AzurePipelinesSnippet = values?.GetValueOrDefault(AzureSnippetValue) ?? (action.AzurePipelinesSnippet.Length == 0 ? null : Fill(action.AzurePipelinesSnippet)),
            ExpectedSavingSeconds = expectedSaving is { } s ? Math.Round(s, 1) : null,
        };
    }

    internal static string Format(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
