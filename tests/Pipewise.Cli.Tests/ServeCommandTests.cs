namespace Pipewise.Cli.Tests;

/// <summary>`pipewise serve` starts the separate pipewise-gate program and relays what it says and returns.</summary>
[TestClass]
public sealed class ServeCommandTests
{
    [TestMethod]
    public async Task Serve_ForwardsArgumentsToPipewiseGate_AndRelaysItsExitCode()
    {
        var bad = await PipewiseProcess.RunAsync(Path.GetTempPath(), null, "serve", "--mode", "sometimes");
        var unknown = await PipewiseProcess.RunAsync(Path.GetTempPath(), null, "serve", "--no-such-option");

        Assert.AreEqual(2, bad.ExitCode, bad.Stdout + bad.Stderr);
        StringAssert.Contains(bad.Stderr, "pipewise-gate: mode: expected advise, enforce or dry-run, found 'sometimes'");
        Assert.AreEqual(2, unknown.ExitCode, unknown.Stdout + unknown.Stderr);
        StringAssert.Contains(unknown.Stderr, "--no-such-option");
    }

    [TestMethod]
    public async Task Serve_GateProgramMissing_ExitsTwoSayingWhereItLooked()
    {
        var env = new Dictionary<string, string?> { ["PIPEWISE_GATE"] = Path.Combine(Path.GetTempPath(), "no-such-dir", "pipewise-gate.dll") };

        var result = await PipewiseProcess.RunAsync(Path.GetTempPath(), env, "serve", "--help");

        Assert.AreEqual(2, result.ExitCode, result.Stdout + result.Stderr);
        StringAssert.Contains(result.Stderr, "the gate service (pipewise-gate) was not found");
        StringAssert.Contains(result.Stderr, "at " + env["PIPEWISE_GATE"] + " (PIPEWISE_GATE)");
    }

    [TestMethod]
    public async Task Serve_FromBesidePipewise_ServesMetricsWhilePipewiseItselfNeverReferencesTheExporter()
    {
        var store = Directory.CreateTempSubdirectory("pipewise-serve-");
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        using var process = PipewiseProcess.Start(Path.GetTempPath(), null, "serve", "--store", store.FullName, "--urls", $"http://127.0.0.1:{port}");
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            string? metrics = null;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (metrics is null && watch.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited)
            {
                try
                {
                    await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/healthz"));
                    metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200);
                }
            }

            Assert.IsNotNull(metrics, process.HasExited ? await stderr : "no answer in 60 s");
            StringAssert.Contains(metrics, "http_server_request_duration_seconds_count{");
            StringAssert.Contains(metrics, "http_route=\"/healthz\"");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
            store.Delete(recursive: true);
        }

        // The exporter ships beside pipewise for the gate, but is no part of pipewise's own dependency graph.
        Assert.IsTrue(File.Exists(Path.Combine(AppContext.BaseDirectory, "OpenTelemetry.Exporter.Prometheus.AspNetCore.dll")));
        var deps = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "pipewise.deps.json"));
        Assert.DoesNotContain("Prometheus", deps);
    }
}
