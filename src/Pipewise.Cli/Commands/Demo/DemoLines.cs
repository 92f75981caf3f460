using System.Globalization;
using Pipewise.Agent;
using Pipewise.Agent.Catalog;
using Pipewise.Agent.Learning;
using Pipewise.Core.Hosting;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Cli.Commands;

/// <summary>The demo's per-run lines: what happened, and what the agent has learnt so far.</summary>
internal static class DemoLines
{
    public static void Run(RunOutcome outcome, RunRecord run)
    {
        var f = outcome.Forecast;
        var actual = $"   run {run.RunId}: actual {RunsTable.FormatDuration(run.EffectiveDurationSeconds ?? 0)} {run.Result?.ToString().ToLowerInvariant()}";
        var forecastText = f is null
            ? ", no forecast"
            : string.Create(CultureInfo.InvariantCulture, $", forecast p50 {RunsTable.FormatDuration(f.DurationP50Seconds)} / p90 {RunsTable.FormatDuration(f.DurationP90Seconds)}, failure risk {f.FailureProbability:P0}");
        var count = outcome.Decision?.Suggestions.Count ?? 0;
        var top = outcome.Decision?.Suggestions.FirstOrDefault()?.Title;
        Console.WriteLine($"{actual}{forecastText}, verdict {outcome.Verdict.Verdict.ToString().ToLowerInvariant()}, {count} suggestion(s){(top is null ? string.Empty : $", top: {top}")}");
    }

    /// <summary>The agent's table after the run: rewards learnt, and what it values in the run's state.</summary>
    public static async Task LearningAsync(IPipewiseStore store, RunRecord run, RunOutcome outcome, CancellationToken ct)
    {
        var path = SarsaAgent.DocumentPath(SarsaAgent.ScopeOf(run.Pipeline, AgentScopeKind.Pipeline));
        if (await store.GetDocumentAsync(path, ct).ConfigureAwait(false) is not { } stored || outcome.Decision is not { } decision)
        {
            return;
        }

        var doc = QTableJson.Parse(stored.Content, path);
        var learnt = doc.States.SelectMany(s => s.Value)
            .Where(e => e.Value.N > 0 && ActionCatalog.TuningIds.Contains(e.Key))
            .GroupBy(e => e.Key)
            .Select(g => (Action: g.Key, Q: g.Average(e => e.Value.Q), N: g.Sum(e => e.Value.N)))
            .OrderByDescending(x => x.Q)
            .Take(4)
            .Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Action} {x.Q:+0.00;-0.00} ({x.N}×)"))
            .ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"      agent: {doc.Stats.RewardsApplied} reward(s) learnt, mean {(doc.Stats.RewardsApplied == 0 ? 0 : doc.Stats.RewardSum / doc.Stats.RewardsApplied):+0.00;-0.00}; " +
            $"value learnt per tuning action: {(learnt.Count == 0 ? "none yet" : string.Join(", ", learnt))}; state {decision.State}"));
    }
}
