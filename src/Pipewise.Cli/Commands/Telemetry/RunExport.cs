using Pipewise.Core.Hosting;
using Pipewise.Hosting.Secrets;
using Pipewise.Telemetry;
using Pipewise.Telemetry.Otlp;
using Pipewise.Telemetry.Traces;

namespace Pipewise.Cli.Commands.Telemetry;

/// <summary>
/// <c>pipewise run</c>'s OpenTelemetry export: on when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or the <c>otel-endpoint</c>
/// input / <c>PIPEWISE_OTEL_ENDPOINT</c>) is set. A bad setting or a collector that does not answer costs one warning
/// line, never the run, and at most <see cref="RunTelemetry.MaxRunExportTime"/> within the run's budget. Header values are masked.
/// </summary>
internal static class RunExport
{
    public static async Task TryAsync(RunOutcome outcome, IReadOnlyDictionary<string, string?> env, string? endpointInput, SecretMasker masker, TimeProvider time, CancellationToken cancellationToken)
    {
        OtlpSettings? settings;
        try
        {
            settings = OtlpSettings.From(name => env.GetValueOrDefault(name), endpointInput);
        }
        catch (FormatException ex)
        {
            await Warn(masker, $"OpenTelemetry export is off: {ex.Message}").ConfigureAwait(false);
            return;
        }

        if (settings is null)
        {
            return;
        }

        foreach (var secret in settings.Secrets)
        {
            masker.Add(secret);
        }

        using var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = RunTelemetry.MaxRunExportTime }) { Timeout = Timeout.InfiniteTimeSpan };
        IReadOnlyList<string> problems;
        try
        {
            problems = await RunTelemetry.ExportAsync(outcome.Run, RunAnnotations.From(outcome, time.GetUtcNow()), settings, http, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run's budget is spent: the verdict and its exit code stand, the export is what gives way.
            problems = ["not exported, the run's Pipewise budget ran out first"];
        }

        foreach (var problem in problems)
        {
            await Warn(masker, $"OpenTelemetry: {problem}; the run goes on.").ConfigureAwait(false);
        }
    }

    private static Task Warn(SecretMasker masker, string message) => Console.Error.WriteLineAsync("pipewise run: warning: " + masker.Mask(message));
}
