using Pipewise.Composition;
using Pipewise.Core.Runs;
using Pipewise.Telemetry.Traces;

namespace Pipewise.Cli.Commands.Telemetry;

/// <summary>The forecasts and verdicts the store recorded for a pipeline's runs, as trace annotations by run key.</summary>
internal static class HistoryAnnotations
{
    public static async Task<Dictionary<RunKey, RunAnnotations>> LoadAsync(PipewiseComponents parts, PipelineKey key, CancellationToken ct)
    {
        var byRun = new Dictionary<RunKey, RunAnnotations>();
        RunKey Key(string runId, int attempt) => new(key.Provider, key.Organization, key.Repository, key.PipelineId, runId, attempt);
        if (parts.Predictions is not null)
        {
            foreach (var p in await parts.Predictions.GetRecentAsync(key, 100_000, ct).ConfigureAwait(false))
            {
                byRun[Key(p.RunId, p.Attempt)] = new RunAnnotations
                {
                    ForecastP50Seconds = p.PredictedP50Seconds,
                    ForecastP90Seconds = p.PredictedP90Seconds,
                    FailureRisk = p.FailureProbability,
                    ModelVersion = p.ModelVersion,
                };
            }
        }

        foreach (var v in await parts.Verdicts.GetRecentAsync(key, 10_000, ct).ConfigureAwait(false))
        {
            var k = Key(v.RunId, v.Attempt);
            byRun[k] = (byRun.GetValueOrDefault(k) ?? RunAnnotations.None) with { Verdict = v.Verdict, VerdictAt = v.At, Reasons = v.Reasons, ModelVersion = v.ModelVersion ?? byRun.GetValueOrDefault(k)?.ModelVersion };
        }

        return byRun;
    }
}
