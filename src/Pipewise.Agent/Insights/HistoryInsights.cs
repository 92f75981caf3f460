using Pipewise.Agent.Catalog;
using Pipewise.Agent.Detectors;
using Pipewise.Core.Agent;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Insights;

/// <summary>
/// <see cref="IPipelineInsights"/> over the agent's own triggers: the suggestions are what
/// <see cref="SuggestionRules.For"/> finds for the newest finished run given the runs before it (the same rules as
/// <c>pipewise run</c> and <c>pipewise replay</c>), the regression is the change-point detector's, and intermittent
/// failures are the failure/re-run pairs of the intermittent-failure detector.
/// </summary>
public sealed class HistoryInsights : IPipelineInsights
{
    public PipelineInsight Analyse(IReadOnlyList<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var finished = runs.Where(r => r.Result is not null).ToList();
        if (finished.Count == 0)
        {
            return PipelineInsight.None;
        }

        var last = finished[^1];
        var history = finished.Take(finished.Count - 1).ToList();
        var candidates = SuggestionRules.For(last, history);
        var suggestions = candidates
            .Where(c => c.ActionId is not (ActionCatalog.NoChange or ActionCatalog.DurationRegression)
                && ActionCatalog.IsKnown(c.ActionId) && ActionCatalog.Get(c.ActionId).Kind == ActionKind.Tuning)
            .Select(c => ActionCatalog.ToSuggestion(c.ActionId, c.Evidence, c.ExpectedSavingSeconds, c.Values))
            .OrderByDescending(s => s.ExpectedSavingSeconds ?? 0)
            .ToList();
        var pairs = IntermittentFailureDetector.Pairs(finished);
        return new PipelineInsight
        {
            Suggestions = suggestions,
            Regression = candidates.FirstOrDefault(c => c.ActionId == ActionCatalog.DurationRegression)?.Evidence,
            RerunFailures = pairs.Count,
            IntermittentFailures = pairs.Count(p => p.Passed),
        };
    }

    public string Describe(AgentPolicyRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return StateWords.Describe(row.State) + ": " + ActionWords(row.BestAction);
    }

    private static string ActionWords(string actionId) => actionId switch
    {
        ActionCatalog.NoChange => "change nothing",
        ActionCatalog.DeployProceed => "deploy normally",
        ActionCatalog.DeployCanary => "deploy as a canary",
        ActionCatalog.DeployBlueGreen => "deploy blue-green",
        ActionCatalog.DeployHold => "hold the deployment",
        _ when ActionCatalog.IsKnown(actionId) => ActionCatalog.Get(actionId).Title.Replace("{", string.Empty, StringComparison.Ordinal).Replace("}", string.Empty, StringComparison.Ordinal),
        _ => actionId,
    };
}
