using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.GateService.Tests;

/// <summary>An in-memory IPipewiseStore with the same semantics as the real ones (ETags, If-Match, ordering).</summary>
public sealed class InMemoryStore : IPipewiseStore
{
    private readonly ConcurrentDictionary<RunKey, RunRecord> runs = new();
    private readonly ConcurrentDictionary<string, (byte[] Content, string ETag)> documents = new(StringComparer.Ordinal);
    private readonly Lock documentLock = new();
    private long etag;

    public string Description => "in-memory test store";

    /// <summary>When set, every run read throws (store outage).</summary>
    public bool Broken { get; set; }

    public Task<bool> AppendRunAsync(RunRecord run, CancellationToken cancellationToken = default) => Task.FromResult(runs.TryAdd(run.Key, run));

    public Task<IReadOnlyList<RunRecord>> GetLastRunsAsync(PipelineKey pipeline, int count, StoreReadReport? report = null, CancellationToken cancellationToken = default)
    {
        if (Broken)
        {
            throw new StoreUnavailableException("store is down (test)");
        }

        IReadOnlyList<RunRecord> result = [.. Ordered(pipeline).TakeLast(count)];
        return Task.FromResult(result);
    }

    public async IAsyncEnumerable<RunRecord> ReadAllRunsAsync(PipelineKey pipeline, StoreReadReport? report = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var r in Ordered(pipeline))
        {
            await Task.Yield();
            yield return r;
        }
    }

    public Task<bool> ContainsRunAsync(RunKey key, CancellationToken cancellationToken = default) => Task.FromResult(runs.ContainsKey(key));

    public Task<IReadOnlyList<PipelineKey>> ListPipelinesAsync(CancellationToken cancellationToken = default)
    {
        if (Broken)
        {
            throw new StoreUnavailableException("store is down (test)");
        }

        IReadOnlyList<PipelineKey> result = [.. runs.Keys.Select(k => k.Pipeline).Distinct()];
        return Task.FromResult(result);
    }

    public Task<StoredDocument?> GetDocumentAsync(string path, CancellationToken cancellationToken = default) =>
        Task.FromResult(documents.TryGetValue(path, out var d) ? new StoredDocument(path, d.Content, d.ETag) : null);

    public Task<string> PutDocumentAsync(string path, ReadOnlyMemory<byte> content, string? ifMatch, CancellationToken cancellationToken = default)
    {
        lock (documentLock)
        {
            var exists = documents.TryGetValue(path, out var current);
            if ((ifMatch is null && exists) || (ifMatch is not null && (!exists || current.ETag != ifMatch)))
            {
                throw new DocumentConflictException(path);
            }

            var tag = "\"" + Interlocked.Increment(ref etag) + "\"";
            documents[path] = (content.ToArray(), tag);
            return Task.FromResult(tag);
        }
    }

    public Task DeleteDocumentAsync(string path, CancellationToken cancellationToken = default)
    {
        documents.TryRemove(path, out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListDocumentsAsync(string prefix, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> result = [.. documents.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
        return Task.FromResult(result);
    }

    public Task PutModelFileAsync(string model, string version, string file, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<byte[]?> GetModelFileAsync(string model, string version, string file, CancellationToken cancellationToken = default) => Task.FromResult<byte[]?>(null);

    public Task<IReadOnlyList<string>> ListModelVersionsAsync(string model, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<string>>([]);

    public Task<StoredDocument?> GetCurrentModelAsync(string model, CancellationToken cancellationToken = default) => Task.FromResult<StoredDocument?>(null);

    public Task<string> SetCurrentModelAsync(string model, string version, string? ifMatch, CancellationToken cancellationToken = default) => Task.FromResult("\"1\"");

    private IEnumerable<RunRecord> Ordered(PipelineKey pipeline) =>
        runs.Values.Where(r => r.Pipeline == pipeline).OrderBy(r => r.OrderValue).ThenBy(r => r.Attempt);
}

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
