using Pipewise.Core.Runs;

namespace Pipewise.Dashboard.Fleet;

/// <summary>Aggregates a pipeline's runs into its overview line for a period ending at the fleet's newest run.</summary>
public static class FleetRows
{
    /// <summary>Timed runs each side of the split before a trend is shown.</summary>
    public const int TrendMinimumRuns = 6;

    public static FleetRow For(FleetPipeline pipeline, FleetPeriod period, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var from = FleetPeriods.Length(period) is { } length ? asOf - length : (DateTimeOffset?)null;
        var runs = pipeline.Runs.Where(r => from is null || (r.At is { } at && at > from.Value)).ToList();
        var timed = runs.Where(r => r.Result == RunResult.Succeeded && r.Seconds is > 0).Select(r => r.Seconds!.Value).ToList();
        var finished = runs.Count(r => r.Result is RunResult.Succeeded or RunResult.Failed);
        double? trend = null;
        if (timed.Count >= TrendMinimumRuns)
        {
            var half = timed.Count / 2;
            var older = Median(timed.Take(half));
            var newer = Median(timed.Skip(timed.Count - half));
            trend = older > 0 ? (newer / older) - 1 : null;
        }

        var insight = pipeline.Insight;
        var saving = insight.SavingSecondsPerRun;
        return new FleetRow
        {
            Pipeline = pipeline,
            Runs = runs.Count,
            RunsAtLeast = pipeline.Truncated && runs.Count == pipeline.Runs.Count,
            BuildMinutes = runs.Sum(r => r.Seconds ?? 0) / 60,
            P50Seconds = timed.Count == 0 ? null : Median(timed),
            Trend = trend,
            FailureRate = finished == 0 ? null : runs.Count(r => r.Failed) / (double)finished,
            IntermittentShare = insight.RerunFailures == 0 ? null : insight.IntermittentFailures / (double)insight.RerunFailures,
            SavingMinutes = insight.Suggestions.Count == 0 ? null : saving * runs.Count(r => r.Attempt == 1) / 60,
        };
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
