using System.Globalization;
using Pipewise.Core.Runs;

namespace Pipewise.Telemetry.Traces;

/// <summary>
/// A stored run as a trace: the run is the root span (kind server, named "BUILD {pipeline}", from queued to finished
/// when the queue time is known), its queue time a child span, each job a child span and each step a grandchild, a
/// deployment a child span; Pipewise's forecast, risk, anomaly, verdict with reasons, model version and suggestions are
/// attributes and events of the root. A run with no finish time has no trace (spans must end).
/// </summary>
public static class RunTraceBuilder
{
    /// <summary>Untrusted names (jobs, steps, branches) are clipped to this many characters; the values stay plain text.</summary>
    public const int MaxText = 1_000;

    public static IReadOnlyList<TraceSpan> Build(RunRecord run, RunAnnotations? annotations = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        annotations ??= RunAnnotations.None;
        var key = run.Key;
        var trace = SpanIds.TraceId(key);
        var root = SpanIds.SpanId(key, string.Empty);
        var started = run.StartedAt ?? run.QueuedAt;
        var finished = run.FinishedAt ?? (started is { } s && run.EffectiveDurationSeconds is { } d ? s.AddSeconds(d) : null);
        if (started is null || finished is null)
        {
            return [];
        }

        var rootStart = Min(run.QueuedAt ?? started.Value, started.Value);
        var rootEnd = Max(finished.Value, rootStart);
        var pipelineName = Clip(run.PipelineName ?? run.PipelineId);
        var spans = new List<TraceSpan>();
        var attributes = new List<KeyValuePair<string, object>>
        {
            new(CicdAttributes.PipelineName, pipelineName),
            new(CicdAttributes.PipelineActionName, "BUILD"),
            new(CicdAttributes.PipelineRunId, Clip(run.RunId)),
            new(CicdAttributes.VcsProvider, run.Provider),
            new(CicdAttributes.VcsOwner, Clip(run.Organization)),
            new(CicdAttributes.VcsRepository, Clip(run.Repository)),
            new("pipewise.pipeline.key", run.Pipeline.ToString()),
            new("pipewise.run.attempt", (long)run.Attempt),
        };
        Add(attributes, CicdAttributes.PipelineResult, CicdAttributes.Result(run.Result));
        Add(attributes, CicdAttributes.VcsRefName, run.Branch is null ? null : Clip(run.Branch));
        Add(attributes, CicdAttributes.VcsRevision, run.Commit is null ? null : Clip(run.Commit));
        Add(attributes, CicdAttributes.VcsChangeId, run.PullRequest?.ToString(CultureInfo.InvariantCulture));
        Add(attributes, "pipewise.run.number", run.Number);
        Add(attributes, "pipewise.run.event", run.Event is null ? null : Clip(run.Event));
        Add(attributes, "pipewise.run.queue.seconds", run.QueueSeconds);
        Add(attributes, "pipewise.run.duration.seconds", run.EffectiveDurationSeconds);
        if (run.Tests is { } tests)
        {
            Add(attributes, "pipewise.tests.total", tests.Total);
            Add(attributes, "pipewise.tests.failed", tests.Failed);
            Add(attributes, "pipewise.tests.skipped", tests.Skipped);
            Add(attributes, "pipewise.tests.flaky", tests.Flaky);
        }

        if (run.Result is RunResult.Failed or RunResult.Partial)
        {
            attributes.Add(new(CicdAttributes.ErrorType, "failure"));
        }

        var events = Annotate(attributes, annotations);
        spans.Add(new TraceSpan
        {
            TraceId = trace,
            SpanId = root,
            Name = "BUILD " + pipelineName,
            Kind = TraceSpanKind.Server,
            Start = rootStart,
            End = rootEnd,
            Attributes = attributes,
            Events = events,
            Status = Status(run.Result),
        });

        if (run.QueuedAt is { } queued && queued < started.Value)
        {
            spans.Add(new TraceSpan
            {
                TraceId = trace,
                SpanId = SpanIds.SpanId(key, "queue"),
                ParentSpanId = root,
                Name = "queue",
                Start = queued,
                End = started.Value,
                Attributes = [new("pipewise.queue.seconds", (started.Value - queued).TotalSeconds)],
            });
        }

        for (var j = 0; j < run.Jobs.Count; j++)
        {
            AddJob(spans, run, trace, root, j, rootStart, rootEnd);
        }

        if (run.Deployment is { } deployment && deployment.StartedAt is { } ds)
        {
            var de = deployment.FinishedAt ?? (deployment.DurationSeconds is { } dd ? ds.AddSeconds(dd) : ds);
            var deployAttributes = new List<KeyValuePair<string, object>>
            {
                new(CicdAttributes.TaskName, "deploy " + Clip(deployment.Environment)),
                new(CicdAttributes.TaskType, "deploy"),
                new("pipewise.deployment.environment", Clip(deployment.Environment)),
            };
            Add(deployAttributes, CicdAttributes.TaskRunResult, CicdAttributes.Result(deployment.Result));
            Add(deployAttributes, "pipewise.deployment.strategy", deployment.Strategy is null ? null : Clip(deployment.Strategy));
            spans.Add(new TraceSpan
            {
                TraceId = trace,
                SpanId = SpanIds.SpanId(key, "deploy"),
                ParentSpanId = root,
                Name = "deploy " + Clip(deployment.Environment),
                Start = Clamp(ds, rootStart, rootEnd),
                End = Clamp(Max(de, ds), rootStart, rootEnd),
                Attributes = deployAttributes,
                Status = Status(deployment.Result),
            });
        }

        return spans;
    }

    private static void AddJob(List<TraceSpan> spans, RunRecord run, string trace, string root, int j, DateTimeOffset rootStart, DateTimeOffset rootEnd)
    {
        var job = run.Jobs[j];
        if (job.StartedAt is not { } js)
        {
            return;
        }

        var je = job.FinishedAt ?? job.Steps.Select(s => s.FinishedAt).Where(t => t is not null).Select(t => t!.Value).DefaultIfEmpty(js).Max();
        var jobId = SpanIds.SpanId(run.Key, "job/" + j.ToString(CultureInfo.InvariantCulture));
        var start = Clamp(js, rootStart, rootEnd);
        var end = Clamp(Max(je, js), start, rootEnd);
        var name = Clip(job.Name);
        var attributes = new List<KeyValuePair<string, object>>
        {
            new(CicdAttributes.TaskName, name),
            new(CicdAttributes.TaskRunId, Clip(job.Id ?? (run.RunId + "/" + j.ToString(CultureInfo.InvariantCulture)))),
            new(CicdAttributes.TaskType, CicdAttributes.TaskTypeOf(job.Name)),
        };
        Add(attributes, CicdAttributes.TaskRunResult, CicdAttributes.Result(job.Result));
        Add(attributes, CicdAttributes.WorkerName, job.Runner is null ? null : Clip(job.Runner));
        Add(attributes, "pipewise.job.os", job.Os is null ? null : Clip(job.Os));
        Add(attributes, "pipewise.job.queue.seconds", job.QueuedAt is { } q && q <= js ? (js - q).TotalSeconds : null);
        if (job.Labels is { Count: > 0 } labels)
        {
            attributes.Add(new("pipewise.job.labels", labels.Take(50).Select(Clip).ToArray()));
        }

        spans.Add(new TraceSpan { TraceId = trace, SpanId = jobId, ParentSpanId = root, Name = name, Start = start, End = end, Attributes = attributes, Status = Status(job.Result) });
        for (var s = 0; s < job.Steps.Count; s++)
        {
            var step = job.Steps[s];
            if (step.StartedAt is not { } ss)
            {
                continue;
            }

            var stepStart = Clamp(ss, start, end);
            var stepEnd = Clamp(Max(step.FinishedAt ?? ss, ss), stepStart, end);
            var stepName = Clip(step.Name);
            var stepAttributes = new List<KeyValuePair<string, object>>
            {
                new(CicdAttributes.TaskName, stepName),
                new(CicdAttributes.TaskRunId, Clip(job.Id ?? j.ToString(CultureInfo.InvariantCulture)) + "/" + (step.Number ?? s + 1).ToString(CultureInfo.InvariantCulture)),
                new(CicdAttributes.TaskType, CicdAttributes.TaskTypeOf(step.Name)),
            };
            Add(stepAttributes, CicdAttributes.TaskRunResult, CicdAttributes.Result(step.Result));
            spans.Add(new TraceSpan
            {
                TraceId = trace,
                SpanId = SpanIds.SpanId(run.Key, "job/" + j.ToString(CultureInfo.InvariantCulture) + "/step/" + s.ToString(CultureInfo.InvariantCulture)),
                ParentSpanId = jobId,
                Name = stepName,
                Start = stepStart,
                End = stepEnd,
                Attributes = stepAttributes,
                Status = Status(step.Result),
            });
        }
    }

    private static List<TraceEvent> Annotate(List<KeyValuePair<string, object>> attributes, RunAnnotations a)
    {
        Add(attributes, "pipewise.forecast.duration.p50", a.ForecastP50Seconds);
        Add(attributes, "pipewise.forecast.duration.p90", a.ForecastP90Seconds);
        Add(attributes, "pipewise.forecast.failure_risk", a.FailureRisk);
        Add(attributes, "pipewise.forecast.anomaly_z", a.AnomalyZ);
        Add(attributes, "pipewise.forecast.predictor", a.Predictor);
        Add(attributes, "pipewise.model.version", a.ModelVersion is null ? null : Clip(a.ModelVersion));
        Add(attributes, "pipewise.verdict", a.Verdict?.ToString().ToLowerInvariant());
        if (a.Reasons.Count > 0)
        {
            attributes.Add(new("pipewise.verdict.reasons", a.Reasons.Select(r => Clip(r.Message)).ToArray()));
        }

        if (a.Suggestions.Count > 0)
        {
            attributes.Add(new("pipewise.suggestions", a.Suggestions.Select(s => s.ActionId).ToArray()));
            Add(attributes, "pipewise.suggestions.saving.seconds", a.Suggestions.Sum(s => s.ExpectedSavingSeconds ?? 0));
        }

        var events = new List<TraceEvent>();
        if (a.Verdict is { } verdict && a.VerdictAt is { } at)
        {
            events.Add(new TraceEvent(at, "pipewise.verdict", [new("pipewise.verdict", verdict.ToString().ToLowerInvariant()), .. a.Reasons.Select((r, i) => new KeyValuePair<string, object>("pipewise.reason." + r.Code, Clip(r.Message)))]));
        }

        foreach (var s in a.Suggestions)
        {
            var eventAttributes = new List<KeyValuePair<string, object>> { new("pipewise.suggestion.action", s.ActionId), new("pipewise.suggestion.evidence", Clip(s.Evidence)) };
            Add(eventAttributes, "pipewise.suggestion.saving.seconds", s.ExpectedSavingSeconds);
            events.Add(new TraceEvent(a.VerdictAt ?? DateTimeOffset.UnixEpoch, "pipewise.suggestion", eventAttributes));
        }

        return events;
    }

    private static TraceStatus Status(RunResult? result) => result switch
    {
        RunResult.Failed or RunResult.Partial => TraceStatus.Error,
        _ => TraceStatus.Unset,
    };

    private static void Add(List<KeyValuePair<string, object>> list, string key, object? value)
    {
        switch (value)
        {
            case null:
                return;
            case double d when !double.IsFinite(d):
                return;
            case int i:
                list.Add(new(key, (long)i));
                return;
            default:
                list.Add(new(key, value));
                return;
        }
    }

    private static string Clip(string text) => text.Length <= MaxText ? text : text[..MaxText] + "…";

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Clamp(DateTimeOffset t, DateTimeOffset low, DateTimeOffset high) => t < low ? low : t > high ? high : t;
}
