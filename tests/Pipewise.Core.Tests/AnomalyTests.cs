using Pipewise.Core.Assessment;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Core.Tests;

/// <summary>The duration anomaly is computed whenever the run's duration is known, not only when it has a finish time.</summary>
[TestClass]
public sealed class AnomalyTests
{
    private sealed class FixedForecaster : IForecaster
    {
        public Task<Forecast?> ForecastAsync(PipelineKey pipeline, IReadOnlyList<RunRecord> history, RunContext next, CancellationToken cancellationToken = default) =>
            Task.FromResult<Forecast?>(new Forecast { DurationP50Seconds = 300, DurationP90Seconds = 400, FailureProbability = 0.1, ModelVersion = "fixed" });
    }

    private static RunRecord Run(int id, double? durationSeconds, DateTimeOffset? finishedAt) => new()
    {
        Provider = "travis",
        Organization = "octo",
        Repository = "app",
        PipelineId = "travis-ci",
        RunId = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Sequence = id,
        StartedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(id),
        FinishedAt = finishedAt,
        DurationSeconds = durationSeconds,
        Result = RunResult.Succeeded,
    };

    private static async Task<RunAssessment> AssessAsync(RunRecord run)
    {
        var store = new InMemoryStore();
        for (var i = 1; i <= 5; i++)
        {
            await store.AppendRunAsync(Run(i, 300, null));
        }

        var assessor = new RunAssessor(new RecentRuns(store, TimeSpan.Zero, TimeProvider.System), new FixedForecaster(), null, null, null, new AssessorOptions(), TimeProvider.System);
        return await assessor.AssessNewRunAsync(run, new GatePolicyOptions(), "test");
    }

    [TestMethod]
    public async Task AssessNewRun_DurationStoredWithoutFinishTime_AnomalyComputed()
    {
        // An imported history or a `runs --json` file: durationSeconds, no finishedAt.
        var assessment = await AssessAsync(Run(6, 1200, null));

        Assert.IsNotNull(assessment.AnomalyZ);
        Assert.AreEqual(new Forecast { DurationP50Seconds = 300, DurationP90Seconds = 400, FailureProbability = 0, ModelVersion = "x" }.AnomalyZ(1200), assessment.AnomalyZ!.Value, 1e-9);
        Assert.IsTrue(assessment.Verdict.Reasons.Any(r => r.Code == ReasonCodes.DurationAnomaly && r.Severity == Verdict.Fail), "a 4× slower run is reported");
    }

    [TestMethod]
    public async Task AssessNewRun_DurationFromStartAndFinish_AnomalyComputed()
    {
        var run = Run(6, null, new DateTimeOffset(2026, 1, 1, 6, 20, 0, TimeSpan.Zero));

        var assessment = await AssessAsync(run);

        Assert.IsNotNull(assessment.AnomalyZ);
        Assert.IsTrue(assessment.AnomalyZ > 4, $"z {assessment.AnomalyZ}");
    }

    [TestMethod]
    public async Task AssessNewRun_RunStillInProgress_NoAnomaly()
    {
        var assessment = await AssessAsync(Run(6, null, null) with { Result = null });

        Assert.IsNull(assessment.AnomalyZ);
    }
}
