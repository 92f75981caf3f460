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
Console.WriteLine($"Machine: {Machine.Describe()}");
Console.WriteLine($"Runs per pipeline: local {options.LocalRuns:N0}, blob {options.BlobRuns:N0}; last-N samples: {options.Samples} (median, p90).");
Console.WriteLine();
Console.WriteLine("| store | runs in pipeline | append throughput (runs/s) | append median (ms) | last 20 median (ms) | last 20 p90 (ms) | last 200 median (ms) | last 200 p90 (ms) | read all (runs/s) |");
Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");

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
}

return 0;

internal static class Bench
{
    public static async Task RunAsync(string name, IPipewiseStore store, PipelineKey pipeline, int runs, int parallel, int samples)
    {
        var appendTimes = new double[runs];
        var total = Stopwatch.StartNew();
        var progress = Stopwatch.StartNew();
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(1, runs), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, ct) =>
        {
            var watch = Stopwatch.StartNew();
            await store.AppendRunAsync(Run(pipeline, i), ct);
            appendTimes[i - 1] = watch.Elapsed.TotalMilliseconds;
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
        var throughput = runs / total.Elapsed.TotalSeconds;

        var last20 = await LastNAsync(store, pipeline, 20, runs, samples);
        var last200 = await LastNAsync(store, pipeline, 200, runs, samples);

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
            $"| {name} | {runs:N0} | {throughput:N0} | {Median(appendTimes):0.00} | {Median(last20):0.00} | {Percentile(last20, 0.9):0.00} | {Median(last200):0.00} | {Percentile(last200, 0.9):0.00} | {read / readWatch.Elapsed.TotalSeconds:N0} |"));
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

    private static RunRecord Run(PipelineKey p, int i) => new()
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
