using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Pipewise.GateService;

/// <summary>
/// The gate service's instruments (<see cref="System.Diagnostics.Metrics"/>, meter <see cref="MeterName"/>): verdicts by
/// pipeline, result and source, refused requests by reason, scoring time, and the model version last used per pipeline.
/// <see cref="GateTelemetry"/> publishes them on <c>/metrics</c> (Prometheus) and, when configured, over OTLP (ADR 0016).
/// </summary>
public sealed class GateMetrics : IDisposable
{
    public const string MeterName = "Pipewise.Gate";

    /// <summary>
    /// The most distinct pipeline label values kept; verdicts of further pipelines are counted under
    /// <see cref="OtherPipelines"/>, so no request can grow the label set without bound.
    /// </summary>
    public const int MaxPipelineLabels = 500;

    /// <summary>The pipeline label of verdicts beyond <see cref="MaxPipelineLabels"/>.</summary>
    public const string OtherPipelines = "_other";

    /// <summary>Scoring-time bucket bounds in seconds (the hand-written page's, kept).</summary>
    internal static readonly double[] ScoringBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Meter meter;
    private readonly Counter<long> verdicts;
    private readonly Counter<long> rejected;
    private readonly Histogram<double> scoring;
    private readonly ConcurrentDictionary<string, string> models = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> pipelines = new(StringComparer.Ordinal);
    private readonly Lock pipelinesLock = new();

    /// <param name="meterFactory">The host's factory, so that a listener can tell this service's meter from another's in the same process.</param>
    public GateMetrics(IMeterFactory? meterFactory = null)
    {
        meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        verdicts = meter.CreateCounter<long>("pipewise.gate.verdicts", "{verdict}", "Gate verdicts given, by pipeline, result and source.");
        rejected = meter.CreateCounter<long>("pipewise.gate.requests.rejected", "{request}", "Gate requests refused, by reason.");
        scoring = meter.CreateHistogram("pipewise.gate.scoring", "s", "Time to score one gate request.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ScoringBuckets });
        meter.CreateObservableGauge("pipewise.model.info", ModelInfo, null, "The model version last used to score each pipeline (value 1).");
    }

    /// <summary>The meter the instruments belong to.</summary>
    public Meter Meter => meter;

    /// <summary>
    /// Counts a verdict. Callers pass only validated pipeline keys; the label set is bounded all the same. A pipeline
    /// not confirmed by the store (<paramref name="confirmed"/> false: the store failed before it could say) becomes a
    /// label only if it already is one, otherwise it is counted under <see cref="OtherPipelines"/>.
    /// </summary>
    public void RecordVerdict(string pipeline, string result, string source, string? modelVersion, TimeSpan scoring, bool confirmed = true)
    {
        pipeline = BoundedPipeline(pipeline, confirmed);
        verdicts.Add(1, new("pipeline", pipeline), new("result", result), new("source", source));
        if (modelVersion is not null)
        {
            // One series per pipeline: the model version last used for it.
            models[pipeline] = modelVersion;
        }

        this.scoring.Record(scoring.TotalSeconds);
    }

    /// <summary>Counts a refused request by reason (unauthorized, bad-request, unknown-pipeline, replay, too-large).</summary>
    public void RecordRejected(string reason) => rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Dispose() => meter.Dispose();

    private IEnumerable<Measurement<int>> ModelInfo() =>
        models.Select(m => new Measurement<int>(1, new("pipeline", m.Key), new("version", m.Value)));

    private string BoundedPipeline(string pipeline, bool confirmed)
    {
        if (pipelines.ContainsKey(pipeline))
        {
            return pipeline;
        }

        if (!confirmed)
        {
            return OtherPipelines;
        }

        lock (pipelinesLock)
        {
            if (pipelines.Count >= MaxPipelineLabels)
            {
                return OtherPipelines;
            }

            pipelines.TryAdd(pipeline, 0);
            return pipeline;
        }
    }
}
