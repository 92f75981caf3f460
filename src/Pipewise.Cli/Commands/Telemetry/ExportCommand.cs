using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Pipewise.Composition;
using Pipewise.Core.Runs;
using Pipewise.Hosting.Secrets;
using Pipewise.Telemetry.Otlp;
using Pipewise.Telemetry.Traces;

namespace Pipewise.Cli.Commands.Telemetry;

/// <summary>
/// <c>pipewise export --otlp</c>: stored history as OpenTelemetry traces (one per run, ids from the run key, so exporting
/// again replaces rather than duplicates), with each run's recorded forecast and verdict where the store has them.
/// </summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var otlp = new Option<bool>("--otlp") { Description = "Export as OTLP/HTTP traces to OTEL_EXPORTER_OTLP_ENDPOINT (or --endpoint); the standard OTEL_* variables set headers, protocol (http/protobuf, http/json), timeout and resource attributes." };
        var endpoint = new Option<string?>("--endpoint") { Description = "The OTLP/HTTP base URL when OTEL_EXPORTER_OTLP_ENDPOINT is not set, e.g. http://localhost:4318." };
        var since = new Option<string?>("--since") { Description = "Only runs that started on or after this date (yyyy-MM-dd, UTC) or within this many days before the newest stored run of each pipeline (e.g. 30d). Default: every run." };
        var pipeline = new Option<string?>("--pipeline") { Description = "Only this pipeline (its key or a unique part of it, as for 'pipewise runs')." };
        var command = new Command("export", "Export stored runs, their forecasts and verdicts to the observability backend you already run. Exit codes: 0 everything delivered, 2 bad settings, 3 the collector did not take a batch (what was delivered stays delivered; running the export again is safe).")
        {
            store, otlp, endpoint, since, pipeline,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (!parse.GetValue(otlp))
            {
                await Console.Error.WriteLineAsync("pipewise export: give --otlp (the only export format).").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var env = CommonOptions.ProcessEnvironment();
            OtlpSettings? settings;
            Since? window;
            try
            {
                settings = OtlpSettings.From(name => env.GetValueOrDefault(name), parse.GetValue(endpoint) ?? env.GetValueOrDefault("PIPEWISE_OTEL_ENDPOINT"));
                window = Since.Parse(parse.GetValue(since));
            }
            catch (FormatException ex)
            {
                await Console.Error.WriteLineAsync($"pipewise export: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            if (settings is null)
            {
                await Console.Error.WriteLineAsync("pipewise export: set OTEL_EXPORTER_OTLP_ENDPOINT (or --endpoint) to the collector's OTLP/HTTP address, e.g. http://localhost:4318.").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var masker = new SecretMasker();
            foreach (var secret in settings.Secrets)
            {
                masker.Add(secret);
            }

            var parts = await PipewiseComponents.LoadAsync(new PipewiseSettings { Store = parse.GetValue(store)! }, TimeProvider.System, ct).ConfigureAwait(false);
            IReadOnlyList<PipelineKey> keys = await parts.Store.ListPipelinesAsync(ct).ConfigureAwait(false);
            if (parse.GetValue(pipeline) is { } name)
            {
                var (resolved, error) = await PipelineResolver.ResolveAsync(parts.Store, name, ct).ConfigureAwait(false);
                if (resolved is not { } key)
                {
                    await Console.Error.WriteLineAsync($"pipewise export: {error}").ConfigureAwait(false);
                    return ExitCodes.UsageError;
                }

                keys = [key];
            }

            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var exporter = new OtlpTraceExporter(http, settings);
            var clock = Stopwatch.StartNew();
            long runs = 0, spans = 0, requests = 0;
            var batch = new List<TraceSpan>();
            var inBatch = 0;
            async Task<string?> FlushAsync()
            {
                if (batch.Count == 0)
                {
                    return null;
                }

                requests++;
                var result = await exporter.ExportAsync(batch, ct).ConfigureAwait(false);
                if (!result.Delivered)
                {
                    return result.Problem;
                }

                spans += batch.Count;
                runs += inBatch;
                batch.Clear();
                inBatch = 0;
                return null;
            }

            foreach (var key in keys.OrderBy(k => k.ToString(), StringComparer.Ordinal))
            {
                var annotations = await HistoryAnnotations.LoadAsync(parts, key, ct).ConfigureAwait(false);
                var all = new List<RunRecord>();
                await foreach (var run in parts.Store.ReadAllRunsAsync(key, null, ct).ConfigureAwait(false))
                {
                    all.Add(run);
                }

                var from = window?.From(all);
                foreach (var run in all.Where(r => from is null || (r.StartedAt ?? r.QueuedAt) >= from))
                {
                    var built = RunTraceBuilder.Build(run, annotations.GetValueOrDefault(run.Key));
                    if (built.Count == 0)
                    {
                        continue;
                    }

                    batch.AddRange(built);
                    inBatch++;
                    if (inBatch >= OtlpTraceExporter.BatchRuns && await FlushAsync().ConfigureAwait(false) is { } problem)
                    {
                        return await FailAsync(masker, problem, runs, requests).ConfigureAwait(false);
                    }
                }
            }

            if (await FlushAsync().ConfigureAwait(false) is { } last)
            {
                return await FailAsync(masker, last, runs, requests).ConfigureAwait(false);
            }

            var seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-6);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pipewise export: {runs} run(s) as {spans} span(s) in {requests} request(s) to {settings.TracesEndpoint.GetLeftPart(UriPartial.Authority)} in {seconds:0.0} s ({runs / seconds:0} runs/s)."));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<int> FailAsync(SecretMasker masker, string problem, long runs, long requests)
    {
        await Console.Error.WriteLineAsync(masker.Mask($"pipewise export: {problem}; {runs} run(s) were delivered in {requests - 1} request(s) before it. Exporting again is safe (the same runs keep their trace and span ids).")).ConfigureAwait(false);
        return ExitCodes.InternalErrorFailClosed;
    }
}
