using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Pipewise.GateService;

/// <summary>Counters and a latency histogram, written in the Prometheus text exposition format (version 0.0.4).</summary>
public sealed class GateMetrics
{
    private static readonly double[] Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private readonly ConcurrentDictionary<(string Pipeline, string Result, string Source), long> verdicts = new();
    private readonly ConcurrentDictionary<string, long> rejected = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Pipeline, string Version), byte> models = new();
    private readonly long[] bucketCounts = new long[Buckets.Length];
    private readonly Lock histogramLock = new();
    private long latencyCount;
    private double latencySum;

    /// <summary>
    /// The most distinct pipeline label values /metrics keeps; verdicts of further pipelines are counted under
    /// <see cref="OtherPipelines"/>, so no request can grow the label set without bound.
    /// </summary>
    public const int MaxPipelineLabels = 500;

    /// <summary>The pipeline label of verdicts beyond <see cref="MaxPipelineLabels"/>.</summary>
    public const string OtherPipelines = "_other";

    private readonly ConcurrentDictionary<string, byte> pipelines = new(StringComparer.Ordinal);

    /// <summary>Counts a verdict. Callers pass only validated pipeline keys; the label set is bounded all the same.</summary>
    public void RecordVerdict(string pipeline, string result, string source, string? modelVersion, TimeSpan scoring)
    {
        pipeline = BoundedPipeline(pipeline);
        verdicts.AddOrUpdate((pipeline, result, source), 1, (_, n) => n + 1);
        if (modelVersion is not null && !models.ContainsKey((pipeline, modelVersion)))
        {
            // One series per pipeline: the model version last used for it.
            foreach (var key in models.Keys.Where(k => k.Pipeline == pipeline && k.Version != modelVersion))
            {
                models.TryRemove(key, out _);
            }

            models[(pipeline, modelVersion)] = 1;
        }

        var seconds = scoring.TotalSeconds;
        lock (histogramLock)
        {
            latencyCount++;
            latencySum += seconds;
            for (var i = 0; i < Buckets.Length; i++)
            {
                if (seconds <= Buckets[i])
                {
                    bucketCounts[i]++;
                }
            }
        }
    }

    private string BoundedPipeline(string pipeline)
    {
        if (pipelines.ContainsKey(pipeline))
        {
            return pipeline;
        }

        lock (histogramLock)
        {
            if (pipelines.Count >= MaxPipelineLabels)
            {
                return OtherPipelines;
            }

            pipelines.TryAdd(pipeline, 0);
            return pipeline;
        }
    }

    /// <summary>Counts a refused request by reason (unauthorized, bad-request, unknown-pipeline, replay, too-large).</summary>
    public void RecordRejected(string reason) => rejected.AddOrUpdate(reason, 1, (_, n) => n + 1);

    public long VerdictCount(string pipeline, string result) => verdicts.Where(kv => kv.Key.Pipeline == pipeline && kv.Key.Result == result).Sum(kv => kv.Value);

    public string Render()
    {
        var sb = new StringBuilder();
        sb.Append("# HELP pipewise_gate_verdicts_total Gate verdicts given, by pipeline, result and source.\n");
        sb.Append("# TYPE pipewise_gate_verdicts_total counter\n");
        foreach (var ((pipeline, result, source), n) in verdicts.OrderBy(k => k.Key.Pipeline, StringComparer.Ordinal).ThenBy(k => k.Key.Result, StringComparer.Ordinal).ThenBy(k => k.Key.Source, StringComparer.Ordinal))
        {
            sb.Append(CultureInfo.InvariantCulture, $"pipewise_gate_verdicts_total{{pipeline=\"{Label(pipeline)}\",result=\"{Label(result)}\",source=\"{Label(source)}\"}} {n}\n");
        }

        sb.Append("# HELP pipewise_gate_requests_rejected_total Gate requests refused, by reason.\n");
        sb.Append("# TYPE pipewise_gate_requests_rejected_total counter\n");
        foreach (var (reason, n) in rejected.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            sb.Append(CultureInfo.InvariantCulture, $"pipewise_gate_requests_rejected_total{{reason=\"{Label(reason)}\"}} {n}\n");
        }

        sb.Append("# HELP pipewise_gate_scoring_seconds Time to score one gate request.\n");
        sb.Append("# TYPE pipewise_gate_scoring_seconds histogram\n");
        lock (histogramLock)
        {
            for (var i = 0; i < Buckets.Length; i++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"pipewise_gate_scoring_seconds_bucket{{le=\"{Buckets[i]}\"}} {bucketCounts[i]}\n");
            }

            sb.Append(CultureInfo.InvariantCulture, $"pipewise_gate_scoring_seconds_bucket{{le=\"+Inf\"}} {latencyCount}\n");
            sb.Append(CultureInfo.InvariantCulture, $"pipewise_gate_scoring_seconds_sum {latencySum:0.######}\n");
            sb.Append(CultureInfo.InvariantCulture, $"pipewise_gate_scoring_seconds_count {latencyCount}\n");
        }

        sb.Append("# HELP pipewise_model_info The model version last used to score each pipeline (value 1).\n");
        sb.Append("# TYPE pipewise_model_info gauge\n");
        foreach (var (pipeline, version) in models.Keys.OrderBy(k => k.Pipeline, StringComparer.Ordinal))
        {
            sb.Append(CultureInfo.InvariantCulture, $"pipewise_model_info{{pipeline=\"{Label(pipeline)}\",version=\"{Label(version)}\"}} 1\n");
        }

        return sb.ToString();
    }

    /// <summary>Escapes a label value: backslash, double quote and line feed.</summary>
    internal static string Label(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
