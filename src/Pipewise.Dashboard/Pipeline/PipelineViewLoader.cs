using Pipewise.Core.Forecasting;
using Pipewise.Core.Runs;

namespace Pipewise.Dashboard.Pipeline;

/// <summary>
/// Loads one pipeline's page: its newest runs, the forecast of every shown run (the one recorded when it was scored,
/// else the served forecast computed from the runs before it, as <c>pipewise backtest</c> walks forward), verdicts,
/// insights and the agent's policy in words. Every part that fails is a problem on the page, never an exception.
/// </summary>
public static class PipelineViewLoader
{
    /// <summary>Runs shown on the page.</summary>
    public const int ShownRuns = 100;

    /// <summary>Runs before a shown run that its computed forecast reads.</summary>
    public const int ForecastHistory = 64;

    public static async Task<PipelineView?> LoadAsync(DashboardSources sources, PipelineKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var problems = new List<string>();
        var runs = await sources.Store.GetLastRunsAsync(key, ShownRuns + ForecastHistory, null, cancellationToken).ConfigureAwait(false);
        if (runs.Count == 0)
        {
            return null;
        }

        var shownFrom = Math.Max(0, runs.Count - ShownRuns);
        var forecasts = new Dictionary<RunKey, ShownForecast>();
        if (sources.Predictions is not null)
        {
            try
            {
                foreach (var p in await sources.Predictions.GetRecentAsync(key, ShownRuns * 2, cancellationToken).ConfigureAwait(false))
                {
                    forecasts[new RunKey(key.Provider, key.Organization, key.Repository, key.PipelineId, p.RunId, p.Attempt)] =
                        new ShownForecast(p.PredictedP50Seconds, p.PredictedP90Seconds, p.FailureProbability, p.ModelVersion, true);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                problems.Add($"Forecast history could not be read: {ex.Message}");
            }
        }

        if (sources.Forecaster is not null)
        {
            try
            {
                for (var i = shownFrom; i < runs.Count; i++)
                {
                    if (forecasts.ContainsKey(runs[i].Key))
                    {
                        continue;
                    }

                    var history = runs.Skip(Math.Max(0, i - ForecastHistory)).Take(i - Math.Max(0, i - ForecastHistory)).ToList();
                    if (await sources.Forecaster.ForecastAsync(key, history, RunContext.From(runs[i]), cancellationToken).ConfigureAwait(false) is { } f)
                    {
                        forecasts[runs[i].Key] = new ShownForecast(f.DurationP50Seconds, f.DurationP90Seconds, f.FailureProbability, f.ModelVersion, false);
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                problems.Add($"Forecasts could not be computed: {ex.Message}");
            }
        }

        var verdicts = Array.Empty<Core.Gate.VerdictRecord>() as IReadOnlyList<Core.Gate.VerdictRecord>;
        if (sources.Verdicts is not null)
        {
            try
            {
                verdicts = await sources.Verdicts.GetRecentAsync(key, 50, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                problems.Add($"Verdicts could not be read: {ex.Message}");
            }
        }

        var policy = new List<string>();
        if (sources.AgentPolicies is not null)
        {
            var scopes = sources.AgentPolicies.ScopesOf(key);
            var tables = await sources.AgentPolicies.ReadAsync(200, cancellationToken).ConfigureAwait(false);
            problems.AddRange(tables.Problems);
            foreach (var row in tables.Rows.Where(r => scopes.Contains(r.Scope)).OrderByDescending(r => r.Actions))
            {
                var words = sources.Insights?.Describe(row) ?? $"{row.State}: {row.BestAction}";
                policy.Add($"{words} (Q {row.Q.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}, the best of {row.Actions} action(s) tried there)");
            }
        }

        var shown = runs.Skip(shownFrom).ToList();
        return new PipelineView
        {
            Key = key,
            Name = runs.LastOrDefault(r => r.PipelineName is not null)?.PipelineName ?? key.PipelineId,
            Runs = shown,
            Forecasts = forecasts,
            Verdicts = verdicts,
            Insight = sources.Insights?.Analyse(runs.Count > Fleet.FleetLoader.InsightRuns ? [.. runs.Skip(runs.Count - Fleet.FleetLoader.InsightRuns)] : runs) ?? Core.Agent.PipelineInsight.None,
            Policy = policy,
            Problems = problems,
        };
    }
}
