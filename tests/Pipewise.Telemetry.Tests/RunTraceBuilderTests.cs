using Pipewise.Core.Agent;
using Pipewise.Core.Gate;
using Pipewise.Telemetry.Traces;

namespace Pipewise.Telemetry.Tests;

[TestClass]
public sealed class RunTraceBuilderTests
{
    private static readonly RunAnnotations Assessed = new()
    {
        ForecastP50Seconds = 540,
        ForecastP90Seconds = 660,
        FailureRisk = 0.35,
        AnomalyZ = 1.2,
        ModelVersion = "bilstm@2026-12-01.1",
        Predictor = "bilstm",
        Verdict = Verdict.Warn,
        VerdictAt = TracedRuns.Start.AddMinutes(10),
        Reasons = [new GateReason("failed-tests", Verdict.Warn, 2, 0, "2 failed test(s) > allowed 0")],
        Suggestions = [new Suggestion { ActionId = "cache-dependencies", Title = "Cache dependencies", Evidence = "restore took 70 s", ExpectedSavingSeconds = 49 }],
    };

    [TestMethod]
    public void Build_TwoJobsFiveSteps_RootQueueJobsAndStepsWithCicdConventions()
    {
        var spans = RunTraceBuilder.Build(TracedRuns.Run(), Assessed);

        Assert.HasCount(1 + 1 + 2 + 5, spans, "root, queue, 2 jobs, 5 steps");
        var root = spans.Single(s => s.ParentSpanId is null);
        Assert.AreEqual("BUILD CI", root.Name);
        Assert.AreEqual(TraceSpanKind.Server, root.Kind);
        Assert.AreEqual("CI", root.Attribute(CicdAttributes.PipelineName));
        Assert.AreEqual("555", root.Attribute(CicdAttributes.PipelineRunId));
        Assert.AreEqual("failure", root.Attribute(CicdAttributes.PipelineResult));
        Assert.AreEqual("failure", root.Attribute(CicdAttributes.ErrorType));
        Assert.AreEqual("main", root.Attribute(CicdAttributes.VcsRefName));
        Assert.AreEqual(TraceStatus.Error, root.Status);
        Assert.AreEqual(TracedRuns.Queued, root.Start, "the root starts when the run was queued, so queue time is part of the trace");
        Assert.AreEqual(40.0, root.Attribute("pipewise.run.queue.seconds"));

        var queue = spans.Single(s => s.Name == "queue");
        Assert.AreEqual(root.SpanId, queue.ParentSpanId);
        Assert.AreEqual((TracedRuns.Queued, TracedRuns.Start), (queue.Start, queue.End));

        var jobs = spans.Where(s => s.ParentSpanId == root.SpanId && s.Name != "queue").ToList();
        CollectionAssert.AreEquivalent(new[] { "build", "test" }, jobs.Select(j => j.Name).ToList());
        var test = jobs.Single(j => j.Name == "test");
        Assert.AreEqual("failure", test.Attribute(CicdAttributes.TaskRunResult));
        Assert.AreEqual("test", test.Attribute(CicdAttributes.TaskType));
        Assert.AreEqual(30.0, test.Attribute("pipewise.job.queue.seconds"));
        Assert.AreEqual("ubuntu-24.04 #3", jobs.Single(j => j.Name == "build").Attribute(CicdAttributes.WorkerName));
        var steps = spans.Where(s => jobs.Any(j => j.SpanId == s.ParentSpanId)).ToList();
        Assert.HasCount(5, steps);
        Assert.AreEqual(test.SpanId, steps.Single(s => s.Name == "unit tests").ParentSpanId);
        Assert.AreEqual("success", steps.Single(s => s.Name == "restore").Attribute(CicdAttributes.TaskRunResult));
        Assert.IsTrue(spans.All(s => s.TraceId == root.TraceId), "one trace");
    }

    [TestMethod]
    public void Build_ChildTimes_NestInTheirParents()
    {
        var spans = RunTraceBuilder.Build(TracedRuns.Run());
        var byId = spans.ToDictionary(s => s.SpanId);

        foreach (var child in spans.Where(s => s.ParentSpanId is not null))
        {
            var parent = byId[child.ParentSpanId!];
            Assert.IsTrue(parent.Start <= child.Start && child.End <= parent.End && child.Start <= child.End, $"{child.Name} lies within {parent.Name}");
        }
    }

    [TestMethod]
    public void Build_SameRunTwice_SameTraceAndSpanIds_AndAReRunIsAnotherTrace()
    {
        var first = RunTraceBuilder.Build(TracedRuns.Run());
        var again = RunTraceBuilder.Build(TracedRuns.Run(), Assessed);
        var rerun = RunTraceBuilder.Build(TracedRuns.Run(attempt: 2));

        CollectionAssert.AreEqual(first.Select(s => (s.TraceId, s.SpanId, s.ParentSpanId)).ToList(), again.Select(s => (s.TraceId, s.SpanId, s.ParentSpanId)).ToList());
        Assert.AreNotEqual(first[0].TraceId, rerun[0].TraceId);
        Assert.AreEqual(32, first[0].TraceId.Length);
        Assert.AreEqual(16, first[0].SpanId.Length);
        Assert.AreEqual(first.Count, first.Select(s => s.SpanId).Distinct().Count(), "span ids are distinct within the trace");
    }

    [TestMethod]
    public void Build_Assessment_IsOnTheRootAsAttributesAndEvents()
    {
        var root = RunTraceBuilder.Build(TracedRuns.Run(), Assessed)[0];

        Assert.AreEqual(540.0, root.Attribute("pipewise.forecast.duration.p50"));
        Assert.AreEqual(660.0, root.Attribute("pipewise.forecast.duration.p90"));
        Assert.AreEqual(0.35, root.Attribute("pipewise.forecast.failure_risk"));
        Assert.AreEqual(1.2, root.Attribute("pipewise.forecast.anomaly_z"));
        Assert.AreEqual("bilstm@2026-12-01.1", root.Attribute("pipewise.model.version"));
        Assert.AreEqual("warn", root.Attribute("pipewise.verdict"));
        CollectionAssert.AreEqual(new[] { "2 failed test(s) > allowed 0" }, (string[])root.Attribute("pipewise.verdict.reasons")!);
        CollectionAssert.AreEqual(new[] { "cache-dependencies" }, (string[])root.Attribute("pipewise.suggestions")!);
        Assert.AreEqual(49.0, root.Attribute("pipewise.suggestions.saving.seconds"));
        var verdict = root.Events.Single(e => e.Name == "pipewise.verdict");
        Assert.AreEqual(TracedRuns.Start.AddMinutes(10), verdict.At);
        Assert.IsTrue(root.Events.Any(e => e.Name == "pipewise.suggestion" && e.Attributes.Any(a => a.Key == "pipewise.suggestion.evidence" && (string)a.Value == "restore took 70 s")));
    }

    [TestMethod]
    public void Build_HostileNames_ArrivePlainAsAttributeValues()
    {
        const string hostile = "<script>alert(1)</script>\n::set-output name=x::y %0A ##vso[task.setvariable]";
        var spans = RunTraceBuilder.Build(TracedRuns.Run(jobName: hostile, branch: hostile));

        Assert.AreEqual(hostile, spans[0].Attribute(CicdAttributes.VcsRefName));
        Assert.AreEqual(hostile, spans.Single(s => (string?)s.Attribute(CicdAttributes.TaskName) == hostile).Name);
    }

    [TestMethod]
    public void Build_NoFinishTime_NoTrace() =>
        Assert.IsEmpty(RunTraceBuilder.Build(TracedRuns.Run() with { FinishedAt = null, DurationSeconds = null }));
}
