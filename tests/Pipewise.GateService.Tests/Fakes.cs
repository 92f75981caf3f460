using Pipewise.Core.Forecasting;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.GateService.Tests;

/// <summary>A forecaster that answers a fixed risk and duration, or throws when told to.</summary>
public sealed class FakeForecaster(double failureProbability, double p50 = 300, double p90 = 400) : IForecaster
{
    public int Calls;

    public double FailureProbability { get; set; } = failureProbability;

    public bool Throw { get; set; }

    public TimeSpan Delay { get; set; }

    public async Task<Forecast?> ForecastAsync(PipelineKey pipeline, IReadOnlyList<RunRecord> history, RunContext next, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Calls);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        if (Throw)
        {
            throw new InvalidOperationException("model file is corrupt (test)");
        }

        return new Forecast
        {
            DurationP50Seconds = p50,
            DurationP90Seconds = p90,
            FailureProbability = FailureProbability,
            ModelVersion = "bilstm@test.1",
            TopFeatures = [new FeatureContribution("log_duration_lag1", 5.9, 0.21), new FeatureContribution("failed_tests_lag1", 2, 0.12)],
        };
    }
}

/// <summary>A prediction tracker answering stored records.</summary>
public sealed class FakeTracker(IReadOnlyList<PredictionRecord> records) : IPredictionTracker
{
    public Task<string?> RecordAsync(RunRecord run, Forecast forecast, CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);

    public Task<IReadOnlyList<PredictionRecord>> GetRecentAsync(PipelineKey pipeline, int count, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PredictionRecord>>([.. records.TakeLast(count)]);
}

public static class Runs
{
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Stores <paramref name="count"/> runs of a pipeline with ids 1001.., durations 300 + 10·i s, the last one with <paramref name="lastFailedTests"/> failures.</summary>
    public static async Task<IReadOnlyList<RunRecord>> SeedAsync(IPipewiseStore store, PipelineKey key, int count, int lastFailedTests = 0, string? name = null, double? lastDuration = null)
    {
        var list = new List<RunRecord>();
        for (var i = 0; i < count; i++)
        {
            var started = Start.AddHours(i * 6);
            var duration = i == count - 1 && lastDuration is { } d ? d : 300 + (10 * i);
            var failed = i == count - 1 ? lastFailedTests : 0;
            var run = new RunRecord
            {
                Provider = key.Provider,
                Organization = key.Organization,
                Repository = key.Repository,
                PipelineId = key.PipelineId,
                PipelineName = name,
                RunId = (1001 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Number = i + 1,
                Event = "push",
                Branch = "main",
                QueuedAt = started.AddSeconds(-20),
                StartedAt = started,
                FinishedAt = started.AddSeconds(duration),
                Result = failed > 0 || i % 7 == 3 ? RunResult.Failed : RunResult.Succeeded,
                Tests = new TestSummary { Total = 120, Passed = 120 - failed, Failed = failed, Flaky = 0 },
            };
            await store.AppendRunAsync(run);
            list.Add(run);
        }

        return list;
    }
}
