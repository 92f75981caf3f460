using System.Collections.Concurrent;
using System.Globalization;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;
using Pipewise.Forecasting.Backtesting;
using Pipewise.Forecasting.Data;
using Pipewise.Forecasting.Features;
using Pipewise.Forecasting.Model;
using Pipewise.Testing;

namespace Pipewise.Forecasting.Tests;

internal static class TestData
{
    /// <summary>Synthetic pipelines: durations depend on event and a slow drift; failures cluster.</summary>
    public static List<RunRecord> Synthetic(int pipelines, int runs, int seed)
    {
        var random = new Random(seed);
        var list = new List<RunRecord>();
        for (var p = 0; p < pipelines; p++)
        {
            var baseDuration = 60 + random.Next(600);
            var t = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(p);
            var failing = false;
            for (var i = 0; i < runs; i++)
            {
                var pr = random.NextDouble() < 0.4;
                failing = random.NextDouble() < (failing ? 0.6 : 0.1);
                var duration = baseDuration * (pr ? 0.7 : 1.0) * (1 + (0.1 * random.NextDouble())) * (failing ? 0.5 : 1);
                t = t.AddMinutes(30 + random.Next(600));
                list.Add(new RunRecord
                {
                    Provider = "travis",
                    Organization = $"org{p}",
                    Repository = "repo",
                    PipelineId = "travis",
                    RunId = (1000 + i).ToString(CultureInfo.InvariantCulture),
                    Sequence = 1000 + i,
                    Event = pr ? "pull_request" : "push",
                    PullRequest = pr ? i : null,
                    Branch = "master",
                    StartedAt = t,
                    DurationSeconds = Math.Round(duration),
                    Result = failing ? RunResult.Failed : RunResult.Succeeded,
                    Tests = new TestSummary { Total = 100, Passed = failing ? 97 : 100, Failed = failing ? 3 : 0 },
                    Jobs = [new JobRecord { Name = "build" }],
                });
            }
        }

        return list;
    }

    public static TrainingOptions Tiny => new()
    {
        HiddenSize = 4,
        HeadHidden = 4,
        Layers = 1,
        History = 8,
        Epochs = 2,
        WindowsPerEpoch = 400,
        MaxValidationWindows = 200,
        BatchSize = 16,
        Seed = 7,
        Threads = 2,
    };

    private static readonly Lazy<IReadOnlyList<PipelineHistory>> RealLazy = new(() =>
    {
        var path = SharedFiles.Require("data/ci-runs/travistorrent2021/travistorrent2021_builds_go.csv.gz");
        return Backtester.Prepare(TravisTorrentReader.Read(path).Take(4000), 50, 6, 1);
    });

    /// <summary>A few real go pipelines (from the first rows of the shared file).</summary>
    public static IReadOnlyList<PipelineHistory> Real()
    {
        SharedFiles.Require("data/ci-runs/travistorrent2021/travistorrent2021_builds_go.csv.gz");
        return RealLazy.Value;
    }
}

/// <summary>A small in-memory IPipewiseStore for tests.</summary>
internal sealed class InMemoryStore : IPipewiseStore
{
    private readonly ConcurrentDictionary<RunKey, RunRecord> runs = new();
    private readonly ConcurrentDictionary<string, (byte[] Content, string ETag)> documents = new();
    private readonly ConcurrentDictionary<string, byte[]> modelFiles = new();
    private int etag;

    public string Description => "memory";

    public Task<bool> AppendRunAsync(RunRecord run, CancellationToken cancellationToken = default) => Task.FromResult(runs.TryAdd(run.Key, run));

    public Task<IReadOnlyList<RunRecord>> GetLastRunsAsync(PipelineKey pipeline, int count, StoreReadReport? report = null, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<RunRecord>>(runs.Values.Where(r => r.Pipeline == pipeline).OrderBy(r => r.OrderValue).TakeLast(count).ToArray());

    public async IAsyncEnumerable<RunRecord> ReadAllRunsAsync(PipelineKey pipeline, StoreReadReport? report = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var r in runs.Values.Where(r => r.Pipeline == pipeline).OrderBy(r => r.OrderValue))
        {
            yield return r;
        }
    }

    public Task<bool> ContainsRunAsync(RunKey key, CancellationToken cancellationToken = default) => Task.FromResult(runs.ContainsKey(key));

    public Task<IReadOnlyList<PipelineKey>> ListPipelinesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PipelineKey>>(runs.Values.Select(r => r.Pipeline).Distinct().ToArray());

    public Task<StoredDocument?> GetDocumentAsync(string path, CancellationToken cancellationToken = default) =>
        Task.FromResult(documents.TryGetValue(path, out var d) ? new StoredDocument(path, d.Content, d.ETag) : null);

    public Task<string> PutDocumentAsync(string path, ReadOnlyMemory<byte> content, string? ifMatch, CancellationToken cancellationToken = default)
    {
        lock (documents)
        {
            var exists = documents.TryGetValue(path, out var d);
            if ((ifMatch is null && exists) || (ifMatch is not null && (!exists || d.ETag != ifMatch)))
            {
                throw new DocumentConflictException(path);
            }

            var tag = Interlocked.Increment(ref etag).ToString(CultureInfo.InvariantCulture);
            documents[path] = (content.ToArray(), tag);
            return Task.FromResult(tag);
        }
    }

    public Task DeleteDocumentAsync(string path, CancellationToken cancellationToken = default)
    {
        documents.TryRemove(path, out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListDocumentsAsync(string prefix, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(documents.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToArray());

    public Task PutModelFileAsync(string model, string version, string file, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        modelFiles[$"{model}/{version}/{file}"] = content.ToArray();
        return Task.CompletedTask;
    }

    public Task<byte[]?> GetModelFileAsync(string model, string version, string file, CancellationToken cancellationToken = default) =>
        Task.FromResult(modelFiles.TryGetValue($"{model}/{version}/{file}", out var b) ? b : null);

    public Task<IReadOnlyList<string>> ListModelVersionsAsync(string model, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(modelFiles.Keys.Where(k => k.StartsWith(model + "/", StringComparison.Ordinal)).Select(k => k.Split('/')[1]).Distinct().ToArray());

    public Task<StoredDocument?> GetCurrentModelAsync(string model, CancellationToken cancellationToken = default) => GetDocumentAsync($"models/{model}/current", cancellationToken);

    public Task<string> SetCurrentModelAsync(string model, string version, string? ifMatch, CancellationToken cancellationToken = default) =>
        PutDocumentAsync($"models/{model}/current", System.Text.Encoding.UTF8.GetBytes(version), ifMatch, cancellationToken);

    /// <summary>Overwrites a model file (to simulate corruption).</summary>
    public void Corrupt(string model, string version, string file, byte[] content) => modelFiles[$"{model}/{version}/{file}"] = content;
}
