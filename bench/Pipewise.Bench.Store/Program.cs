using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;
using Pipewise.Storage;
using Pipewise.Testing;

// Store benchmarks: append throughput and last-N latency with many runs in one pipeline.
// Usage: dotnet run -c Release --project bench/Pipewise.Bench.Store -- [--local-runs 100000] [--blob-runs 100000]
//        [--blob-parallel 16] [--samples 21] [--only local|blob]
var options = Args.Parse(args);
var pipeline = new PipelineKey("github", "bench-org", "bench-repo", "ci.yml");
Console.WriteLine("# Pipewise store benchmark");
Console.WriteLine();
Console.WriteLine($"Machine: {Machine.Describe()}; load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine($"Runs per pipeline: local {options.LocalRuns:N0}, blob {options.BlobRuns:N0} (filled in batches of 1 000, the last 5 000 appended one by one and timed); last-N samples: {options.Samples} (median, p90).");
Console.WriteLine();
Console.WriteLine("Reference measured in the same run: the median time to read one small document from the same store (one object, one request).");
Console.WriteLine();
Console.WriteLine("| store | runs in pipeline | append throughput (runs/s) | append median (ms) | reference read (ms) | last 32 median (ms, × ref) | last 32 p90 (ms) | last 200 median (ms, × ref) | last 200 p90 (ms) | read all (runs/s) |");
Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");

if (options.Only is null or "local")
{
    var folder = Directory.CreateTempSubdirectory("pipewise-bench-").FullName;
    try
    {
        var store = new LocalFolderStore(folder);
        await Bench.RunAsync("local folder", store, pipeline, options.LocalRuns, parallel: 1, options.Samples);
    }
    finally
    {
        Directory.Delete(folder, recursive: true);
    }
}

if (options.Only is null or "blob")
{
    if (Azurite.FindLauncher() is null)
    {
        Console.Error.WriteLine("Azurite is not installed: npm install --prefix .tools/azurite azurite");
        return 2;
    }

    await using var azurite = await Azurite.StartAsync();
    var store = StoreFactory.Open(azurite.ConnectionString + "Container=bench");
    await Bench.RunAsync($"blob (Azurite, {options.BlobParallel} concurrent appends)", store, pipeline, options.BlobRuns, options.BlobParallel, options.Samples);

    // Requests of one `pipewise run` (a fresh process: read the last 200, append the new run) at this history size.
    long requests = 0;
    var fresh = StoreFactory.Open(azurite.ConnectionString + "Container=bench", new BlobStoreOptions { OnRequest = _ => Interlocked.Increment(ref requests) });
    var history = await fresh.GetLastRunsAsync(pipeline, 200);
    var read = Interlocked.Read(ref requests);
    await fresh.AppendRunAsync(Bench.Run(pipeline, options.BlobRuns + 1));
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Requests of one `pipewise run` on the blob store at {options.BlobRuns:N0} runs: {read} to read the last {history.Count}, {Interlocked.Read(ref requests) - read} to append (v1: about 48 for 200 runs of history, issue 15)."));
}

Console.WriteLine($"Load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
return 0;

internal static class Bench
{
    public static async Task RunAsync(string name, IPipewiseStore store, PipelineKey pipeline, int runs, int parallel, int samples)
    {
        // The history is filled with batches (as an import does), then single appends — what `pipewise run` does — are
        // timed on top of it: the last `timed` runs of the pipeline.
        var timed = Math.Min(runs, 5_000);
        var fill = Stopwatch.StartNew();
        foreach (var batch in Enumerable.Range(1, runs - timed).Chunk(1000))
        {
            var runsOfBatch = batch.Select(i => Run(pipeline, i)).ToList();
            var stored = store switch
            {
                LocalFolderStore local => await local.AppendRunsAsync(runsOfBatch),
                BlobStore blob => await blob.AppendRunsAsync(runsOfBatch),
                _ => throw new InvalidOperationException("not a v2 store"),
            };
            if (stored != runsOfBatch.Count)
            {
                throw new InvalidOperationException($"{name}: a batch stored {stored} of {runsOfBatch.Count} new runs.");
            }
        }

        Console.Error.WriteLine($"  {name}: {runs - timed:N0} runs filled in batches in {fill.Elapsed.TotalSeconds:0.0} s ({(runs - timed) / Math.Max(0.001, fill.Elapsed.TotalSeconds):N0} runs/s)");
        var appendTimes = new double[timed];
        var total = Stopwatch.StartNew();
        var progress = Stopwatch.StartNew();
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(runs - timed + 1, timed), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, ct) =>
        {
            var watch = Stopwatch.StartNew();
            await store.AppendRunAsync(Run(pipeline, i), ct);
            appendTimes[i - (runs - timed) - 1] = watch.Elapsed.TotalMilliseconds;
            var n = Interlocked.Increment(ref done);
            if (n % 10_000 == 0)
            {
                lock (progress)
                {
                    Console.Error.WriteLine($"  {name}: {n:N0} runs appended, {progress.Elapsed.TotalSeconds:0} s");
                }
            }
        });
        total.Stop();
        var throughput = timed / total.Elapsed.TotalSeconds;

        var last32 = await LastNAsync(store, pipeline, 32, runs, samples);
        var last200 = await LastNAsync(store, pipeline, 200, runs, samples);
        await store.PutDocumentAsync("bench/reference.json", System.Text.Encoding.UTF8.GetBytes("{\"reference\":true}"), null);
        var reference = new double[samples];
        for (var s = -1; s < samples; s++)
        {
            var watch = Stopwatch.StartNew();
            _ = await store.GetDocumentAsync("bench/reference.json");
            if (s >= 0)
            {
                reference[s] = watch.Elapsed.TotalMilliseconds;
            }
        }

        var refMs = Median(reference);

        var readWatch = Stopwatch.StartNew();
        var read = 0;
        await foreach (var _ in store.ReadAllRunsAsync(pipeline))
        {
            read++;
        }

        readWatch.Stop();
        if (read != runs)
        {
            throw new InvalidOperationException($"{name}: read {read} runs back, expected {runs}.");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {runs:N0} | {throughput:N0} | {Median(appendTimes):0.00} | {refMs:0.00} | {Median(last32):0.00} (× {Median(last32) / refMs:0.0}) | {Percentile(last32, 0.9):0.00} | {Median(last200):0.00} (× {Median(last200) / refMs:0.0}) | {Percentile(last200, 0.9):0.00} | {read / readWatch.Elapsed.TotalSeconds:N0} |"));
    }

    private static async Task<double[]> LastNAsync(IPipewiseStore store, PipelineKey pipeline, int n, int runs, int samples)
    {
        var times = new double[samples];
        for (var s = -1; s < samples; s++)
        {
            var watch = Stopwatch.StartNew();
            var last = await store.GetLastRunsAsync(pipeline, n);
            watch.Stop();
            if (last.Count != Math.Min(n, runs) || last[^1].Sequence != runs)
            {
                throw new InvalidOperationException($"last {n} returned {last.Count} runs ending at {last[^1].Sequence}, expected the newest {runs}.");
            }

            if (s >= 0)
            {
                times[s] = watch.Elapsed.TotalMilliseconds; // the first call warms up and is not counted
            }
        }

        return times;
    }

    public static RunRecord Run(PipelineKey p, int i) => new()
    {
        Provider = p.Provider,
        Organization = p.Organization,
        Repository = p.Repository,
        PipelineId = p.PipelineId,
        RunId = (9_000_000_000L + i).ToString(CultureInfo.InvariantCulture),
        Sequence = i,
        Number = i,
        Event = "push",
        Branch = "main",
        Commit = "0123456789abcdef0123456789abcdef01234567",
        QueuedAt = DateTimeOffset.UnixEpoch.AddMinutes(29_000_000 + (i * 30L)),
        StartedAt = DateTimeOffset.UnixEpoch.AddMinutes(29_000_000 + (i * 30L) + 1),
        FinishedAt = DateTimeOffset.UnixEpoch.AddMinutes(29_000_000 + (i * 30L) + 12),
        Result = i % 9 == 0 ? RunResult.Failed : RunResult.Succeeded,
        Jobs = [new JobRecord { Name = "build", Result = RunResult.Succeeded }, new JobRecord { Name = "test", Result = RunResult.Succeeded }],
        Tests = new TestSummary { Total = 420, Passed = 418, Failed = 0, Skipped = 2 },
    };

    private static double Median(double[] values) => Percentile(values, 0.5);

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var index = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
    }
}

internal sealed record Args(int LocalRuns, int BlobRuns, int BlobParallel, int Samples, string? Only)
{
    public static Args Parse(string[] args)
    {
        var a = new Args(100_000, 100_000, 16, 21, null);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"Option '{args[i]}' needs a value.");
            a = args[i] switch
            {
                "--local-runs" => a with { LocalRuns = int.Parse(value, CultureInfo.InvariantCulture) },
                "--blob-runs" => a with { BlobRuns = int.Parse(value, CultureInfo.InvariantCulture) },
                "--blob-parallel" => a with { BlobParallel = int.Parse(value, CultureInfo.InvariantCulture) },
                "--samples" => a with { Samples = int.Parse(value, CultureInfo.InvariantCulture) },
                "--only" => a with { Only = value },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'; expected --local-runs, --blob-runs, --blob-parallel, --samples or --only."),
            };
            i++;
        }

        return a;
    }
}

internal static class Machine
{
    public static string Describe()
    {
        var cpu = "unknown CPU";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException)
        {
        }

        return $"{cpu}, {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}";
    }
}
