using Pipewise.Agent.Catalog;
using Pipewise.Core.Agent;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Learning;

/// <summary>Turns the forecast and recent behaviour into a small state space.</summary>
public static class StateDiscretiser
{
    /// <summary>Failure probability from which the risk bucket is "mid".</summary>
    public const double MidRisk = 0.1;

    /// <summary>Failure probability from which the risk bucket is "high".</summary>
    public const double HighRisk = 0.3;

    public static AgentState From(AgentContext context, PipelineEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(evidence);
        var run = context.Run;
        var history = context.History.Where(r => r.Attempt == 1 && !PipelineEvidence.IsDocsOnly(r) && r.Result != RunResult.Canceled)
            .Select(r => r.EffectiveDurationSeconds).OfType<double>().Where(d => d > 0).ToList();

        // Trend: mean of the last 3 durations against the median of the 10 before them.
        var trend = "flat";
        if (history.Count >= 6)
        {
            var recent = history.TakeLast(3).Average();
            var before = history.SkipLast(3).TakeLast(10).Order().ToList();
            var median = before[before.Count / 2];
            trend = recent < 0.9 * median ? "down" : recent > 1.1 * median ? "up" : "flat";
        }

        // Anomaly: |z| of this run's duration against the forecast, else against the log-durations of the history.
        var anomaly = "normal";
        if (run.EffectiveDurationSeconds is { } actual and > 0)
        {
            double? z = context.Forecast?.AnomalyZ(actual);
            if (z is null && history.Count >= 5)
            {
                var logs = history.TakeLast(20).Select(d => Math.Log(d)).ToList();
                var mean = logs.Average();
                var sd = Math.Sqrt(logs.Sum(l => (l - mean) * (l - mean)) / (logs.Count - 1));
                z = (Math.Log(actual) - mean) / Math.Max(sd, 0.05);
            }

            anomaly = z is { } zz && Math.Abs(zz) >= 2 ? "high" : "normal";
        }

        var p = context.Forecast?.FailureProbability ?? evidence.RecentFailureRate;
        var risk = p < MidRisk ? "low" : p < HighRisk ? "mid" : "high";

        var queue = evidence.QueueSeconds switch
        {
            null => "na",
            < 30 => "low",
            < 300 => "mid",
            _ => "high",
        };

        var tests = evidence.TestShare switch
        {
            null => "na",
            < 0.2 => "low",
            < 0.5 => "mid",
            _ => "high",
        };

        var par = evidence.TestJobCount <= 1 ? "1" : evidence.TestJobCount <= 3 ? "2-3" : "4+";
        var ev = run.Event switch
        {
            "push" => "push",
            "pull_request" => "pr",
            "schedule" => "schedule",
            _ => "other",
        };

        return new AgentState(trend, anomaly, risk, queue, evidence.CacheUsed ? "on" : "off", tests, par, ev);
    }
}
