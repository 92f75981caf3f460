using System.Diagnostics.Metrics;
using Pipewise.Core.Runs;
using Pipewise.Telemetry.Traces;

namespace Pipewise.Telemetry.Metrics;

/// <summary>
/// Pipewise's instruments (meter <see cref="MeterName"/>): run duration and queue time histograms and runs by result
/// (CI/CD conventions: <c>cicd.pipeline.run.duration</c> with <c>cicd.pipeline.name</c> and <c>cicd.pipeline.result</c>),
/// the forecast's relative error, verdicts by outcome and suggestions by action. Attributes are the pipeline's name and
/// bounded enumerations only, never run ids (no unbounded cardinality).
/// </summary>
public sealed class PipewiseMetrics : IDisposable
{
    public const string MeterName = "Pipewise";

    private readonly Meter meter;
    private readonly Histogram<double> duration;
    private readonly Histogram<double> queue;
    private readonly Counter<long> runs;
    private readonly Histogram<double> forecastError;
    private readonly Counter<long> verdicts;
    private readonly Counter<long> suggestions;

    public PipewiseMetrics()
    {
        meter = new Meter(MeterName, typeof(PipewiseMetrics).Assembly.GetName().Version?.ToString(3));
        duration = meter.CreateHistogram<double>("cicd.pipeline.run.duration", "s", "Duration of pipeline runs, from start to finish.");
        queue = meter.CreateHistogram<double>("pipewise.pipeline.run.queue.duration", "s", "Time pipeline runs waited in the queue before they started.");
        runs = meter.CreateCounter<long>("pipewise.pipeline.runs", "{run}", "Finished pipeline runs, by result.");
        forecastError = meter.CreateHistogram<double>("pipewise.forecast.duration.error", "1", "|actual − forecast p50| / actual of each scored run.");
        verdicts = meter.CreateCounter<long>("pipewise.run.verdicts", "{verdict}", "Verdicts of assessed runs, by outcome (the gate service counts its own as pipewise.gate.verdicts).");
        suggestions = meter.CreateCounter<long>("pipewise.suggestions", "{suggestion}", "Tuning suggestions shown, by action.");
    }

    public void Record(RunRecord run, RunAnnotations annotations)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(annotations);
        var name = new KeyValuePair<string, object?>("cicd.pipeline.name", Clip(run.PipelineName ?? run.PipelineId));
        var result = new KeyValuePair<string, object?>("cicd.pipeline.result", CicdAttributes.Result(run.Result) ?? "unknown");
        if (run.EffectiveDurationSeconds is { } seconds)
        {
            duration.Record(seconds, name, result);
            if (annotations.ForecastP50Seconds is { } p50 && seconds > 0)
            {
                forecastError.Record(Math.Abs(seconds - p50) / seconds, name);
            }
        }

        if (run.QueueSeconds is { } q)
        {
            queue.Record(q, name);
        }

        runs.Add(1, name, result);
        if (annotations.Verdict is { } v)
        {
            verdicts.Add(1, name, new KeyValuePair<string, object?>("pipewise.verdict", v.ToString().ToLowerInvariant()));
        }

        foreach (var s in annotations.Suggestions)
        {
            suggestions.Add(1, name, new KeyValuePair<string, object?>("pipewise.suggestion.action", s.ActionId));
        }
    }

    public void Dispose() => meter.Dispose();

    private static string Clip(string text) => text.Length <= 200 ? text : text[..200];
}
