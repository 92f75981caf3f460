using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;
using Pipewise.GateService;
using Pipewise.Storage;

// Open-loop load test of the gate endpoint on loopback (docs/benchmarks.md, "Gate").
// Requests are sent on a fixed schedule whatever the server does (no coordinated omission): latency is measured
// from each request's scheduled time to its full response. Bounded by --rate × --seconds requests; loopback only.
//
//   dotnet run -c Release --project bench/Pipewise.Bench.Gate -- [--rate 200] [--seconds 30] [--pipelines 20] [--runs 64] [--warmup 3]
//       [--distinct-runs] [--store local|blob]
// --distinct-runs: every request asks about a different run id (each gets its own verdict in the log), as a fleet of
// deployments does; without it the requests cycle through the pipelines and repeat the same verdicts.
// --store blob: Blob Storage on a fresh Azurite (npm install --prefix .tools/azurite azurite) instead of a local folder.
var rate = Arg("--rate", 200);
var distinctRuns = Environment.GetCommandLineArgs().Contains("--distinct-runs");
var storeKind = Text("--store", "local");
var seconds = Arg("--seconds", 30);
var pipelines = Arg("--pipelines", 20);
var runsPerPipeline = Arg("--runs", 64);
var warmupSeconds = Arg("--warmup", 3);
if (rate is < 1 or > 5000 || seconds is < 1 or > 600 || pipelines is < 1 or > 1000 || storeKind is not ("local" or "blob"))
{
    Console.Error.WriteLine("--rate must be 1..5000, --seconds 1..600, --pipelines 1..1000, --store local or blob");
    return 2;
}

if (storeKind == "blob" && Pipewise.Testing.Azurite.FindLauncher() is null)
{
    Console.Error.WriteLine("--store blob needs Azurite: npm install --prefix .tools/azurite azurite (or set PIPEWISE_AZURITE)");
    return 2;
}

const string Key = "bench-gate-key";
ThreadPool.GetMinThreads(out var minWorkers, out var minIo);
ThreadPool.SetMinThreads(Math.Max(minWorkers, Arg("--min-threads", 32)), minIo);
var folder = Directory.CreateTempSubdirectory("pipewise-bench-gate-");
Pipewise.Testing.Azurite? azurite = null;
try
{
    azurite = storeKind == "blob" ? await Pipewise.Testing.Azurite.StartAsync(workspace: Path.Combine(folder.FullName, "azurite")) : null;
    var store = StoreFactory.Open(azurite is null ? folder.FullName : azurite.ConnectionString + "Container=bench");
    var keys = Enumerable.Range(0, pipelines).Select(i => new PipelineKey("azure-devops", "contoso", "web", (100 + i).ToString(CultureInfo.InvariantCulture))).ToList();
    var start = new DateTimeOffset(2026, 10, 1, 8, 0, 0, TimeSpan.Zero);
    foreach (var key in keys)
    {
        for (var r = 0; r < runsPerPipeline; r++)
        {
            var begun = start.AddHours(r * 3);
            await store.AppendRunAsync(new RunRecord
            {
                Provider = key.Provider,
                Organization = key.Organization,
                Repository = key.Repository,
                PipelineId = key.PipelineId,
                RunId = (10_000 + r).ToString(CultureInfo.InvariantCulture),
                Event = "push",
                Branch = "main",
                StartedAt = begun,
                FinishedAt = begun.AddSeconds(300 + (37 * r % 90)),
                Result = r % 11 == 5 ? RunResult.Failed : RunResult.Succeeded,
                Tests = new TestSummary { Total = 200, Passed = 200, Failed = 0, Flaky = r % 13 == 0 ? 1 : 0 },
            });
        }
    }

    var options = new GateServiceOptions { GateKey = Key, Policy = new GatePolicyOptions { Mode = GateMode.Enforce } };
    await using var host = await GateServiceHost.StartAsync(
        new GateServiceDependencies { Store = store, Forecaster = new EwmaForecaster() },
        options,
        "http://127.0.0.1:0");
    if (!IPAddress.IsLoopback(IPAddress.Parse(host.BaseUrl.Host)))
    {
        throw new InvalidOperationException("The benchmark only runs on loopback.");
    }

    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { Timeout = TimeSpan.FromSeconds(10) };
    var url = new Uri(host.BaseUrl, "api/azure-devops/gate");
    var bodies = keys.Select(k => Encoding.UTF8.GetBytes($"{{\"pipeline\":\"{k}\"}}")).ToArray();
    var nextRun = 1_000_000L;
    byte[] Body(int index) => distinctRuns
        ? Encoding.UTF8.GetBytes($"{{\"pipeline\":\"{keys[index % keys.Count]}\",\"runId\":\"{Interlocked.Increment(ref nextRun)}\"}}")
        : bodies[index % bodies.Length];

    Console.WriteLine($"Gate benchmark: {rate} req/s for {seconds} s (open loop) against {url} · {pipelines} pipelines × {runsPerPipeline} runs in a {(azurite is null ? "local folder" : "blob (Azurite)")} store · {(distinctRuns ? "a distinct run per request" : "repeated runs")} · {Environment.ProcessorCount} cores · .NET {Environment.Version}");
    if (warmupSeconds > 0)
    {
        await RunAsync(Math.Min(rate, 100), warmupSeconds);
    }

    var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var (latencies, errors, unavailable, wall, firstError) = await RunAsync(rate, seconds);
    process.Refresh();
    var cpuMs = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
    Array.Sort(latencies);
    double P(double q) => latencies.Length == 0 ? double.NaN : latencies[Math.Clamp((int)Math.Ceiling(q * latencies.Length) - 1, 0, latencies.Length - 1)];
    var achieved = latencies.Length / wall.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"requests {latencies.Length + errors}, ok {latencies.Length}, errors {errors} (503: {unavailable}), achieved {achieved:0.0} ok/s over {wall.TotalSeconds:0.0} s"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"latency ms: p50 {P(0.50):0.00}  p90 {P(0.90):0.00}  p99 {P(0.99):0.00}  p99.9 {P(0.999):0.00}  max {latencies.LastOrDefault():0.00}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"CPU (service + load generator, one process): {cpuMs / Math.Max(1, latencies.Length + errors):0.00} ms per request, {cpuMs / wall.TotalMilliseconds * 100:0}% of one core; machine load average {LoadAverage()}"));
    if (firstError is not null)
    {
        Console.WriteLine($"first error: {firstError}");
    }

    var pass = errors == 0 && P(0.99) < 50 && achieved >= rate * 0.97;
    Console.WriteLine(pass ? "PASS: p99 < 50 ms, no errors, rate held" : "FAIL: target (p99 < 50 ms, no errors, rate held) missed");
    return pass ? 0 : 1;

    async Task<(double[] Latencies, int Errors, int Unavailable, TimeSpan Wall, string? FirstError)> RunAsync(int requestsPerSecond, int duration)
    {
        var total = requestsPerSecond * duration;
        var results = new double[total];
        var failed = 0;
        var unavailable = 0;
        string? first = null;
        var tasks = new Task[total];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / (double)requestsPerSecond);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var index = i;
            tasks[i] = Task.Run(async () =>
            {
                try
                {
                    using var content = new ByteArrayContent(Body(index));
                    content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                    using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
                    request.Headers.Add(GateServiceHost.GateKeyHeader, Key);
                    using var response = await http.SendAsync(request);
                    var text = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != HttpStatusCode.OK || !text.Contains("\"verdict\":", StringComparison.Ordinal))
                    {
                        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                        {
                            Interlocked.Increment(ref unavailable);
                        }

                        throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: {text[..Math.Min(200, text.Length)]}");
                    }

                    results[index] = (clock.Elapsed - due).TotalMilliseconds;
                }
                catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException)
                {
                    results[index] = double.NaN;
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref first, ex.Message, null);
                }
            });
        }

        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed;
        return ([.. results.Where(r => !double.IsNaN(r))], failed, unavailable, elapsed, first);
    }
}
finally
{
    if (azurite is not null)
    {
        await azurite.DisposeAsync();
    }

    try
    {
        folder.Delete(recursive: true);
    }
    catch (IOException)
    {
        // Best effort: the temp folder is cleaned up by the OS later.
    }
}

static string LoadAverage()
{
    try
    {
        return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
    }
    catch (IOException)
    {
        return "n/a";
    }
}

static string Text(string name, string fallback)
{
    var args = Environment.GetCommandLineArgs();
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

static int Arg(string name, int fallback)
{
    var args = Environment.GetCommandLineArgs();
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;
}

/// <summary>
/// A cheap stand-in forecaster (EWMA of log duration and failure rate), so that the benchmark measures the service
/// (HTTP, auth, store reads, policy, verdict log, JSON) and not ONNX Runtime, which has its own benchmark.
/// </summary>
internal sealed class EwmaForecaster : IForecaster
{
    public Task<Forecast?> ForecastAsync(PipelineKey pipeline, IReadOnlyList<RunRecord> history, RunContext next, CancellationToken cancellationToken = default)
    {
        if (history.Count < 3)
        {
            return Task.FromResult<Forecast?>(null);
        }

        double level = Math.Log(history[0].EffectiveDurationSeconds ?? 1), spread = 0.1, fail = 0.1;
        foreach (var run in history)
        {
            var x = Math.Log(Math.Max(1, run.EffectiveDurationSeconds ?? 1));
            spread = (0.8 * spread) + (0.2 * Math.Abs(x - level));
            level = (0.7 * level) + (0.3 * x);
            fail = (0.8 * fail) + (0.2 * (run.Result == RunResult.Failed ? 1 : 0));
        }

        return Task.FromResult<Forecast?>(new Forecast
        {
            DurationP50Seconds = Math.Exp(level),
            DurationP90Seconds = Math.Exp(level + (1.2816 * Math.Max(spread, 0.05))),
            FailureProbability = Math.Clamp(fail, 0, 1),
            ModelVersion = "bench:ewma",
            TopFeatures = [new FeatureContribution("recent_failure_rate", fail, fail - 0.1)],
        });
    }
}
