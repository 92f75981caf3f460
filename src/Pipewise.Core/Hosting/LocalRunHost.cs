using System.Globalization;
using Pipewise.Core.Runs;

namespace Pipewise.Core.Hosting;

/// <summary>
/// A host for runs outside a CI runner: the run comes from a RunRecord JSON file, and the outcome is written
/// as plain text to the output (and the markdown summary to a file, when asked).
/// </summary>
public sealed class LocalRunHost(string runFile, TextWriter output, string? summaryFile = null, Func<RunOutcome, string>? renderMarkdown = null) : IRunHost
{
    public string Name => "local";

    public async Task<RunRecord> CollectAsync(CancellationToken cancellationToken = default)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(runFile, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RunRecordFormatException(runFile, "$", $"the file cannot be read: {ex.Message}", ex);
        }

        return RunRecordJson.Deserialize(bytes, runFile);
    }

    public async Task ReportAsync(RunOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        await output.WriteLineAsync(PlainText(outcome)).ConfigureAwait(false);
        foreach (var (name, value) in RunOutputs.From(outcome))
        {
            await output.WriteLineAsync($"output {name}={value}").ConfigureAwait(false);
        }

        if (summaryFile is not null && renderMarkdown is not null)
        {
            await File.WriteAllTextAsync(summaryFile, renderMarkdown(outcome), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A warning line and every output, empty but present, as <see cref="ReportAsync"/> writes them.</summary>
    public async Task ReportCollectionFailureAsync(CollectionFailure failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failure);
        await output.WriteLineAsync($"warning: {Clean(failure.Message)}").ConfigureAwait(false);
        foreach (var (name, value) in failure.Outputs)
        {
            await output.WriteLineAsync($"output {name}={value}").ConfigureAwait(false);
        }
    }

    /// <summary>A plain-text account of an outcome for a terminal or a pipeline log (control characters removed).</summary>
    public static string PlainText(RunOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var inv = CultureInfo.InvariantCulture;
        var run = outcome.Run;
        var sb = new System.Text.StringBuilder();
        sb.AppendLine(inv, $"Pipewise — {Clean(run.PipelineName ?? run.Pipeline.ToString())} run {Clean(run.RunId)} (attempt {run.Attempt}){(outcome.AlreadyStored ? " [already stored]" : string.Empty)}");
        sb.AppendLine(inv, $"  verdict: {outcome.Verdict.Verdict.ToString().ToUpperInvariant()} ({outcome.Verdict.Mode.ToString().ToLowerInvariant()} mode{(outcome.Verdict.Blocks ? ", blocking" : string.Empty)})");
        foreach (var reason in outcome.Verdict.Reasons)
        {
            sb.AppendLine(inv, $"    - [{reason.Severity.ToString().ToLowerInvariant()}] {reason.Message}");
        }

        if (outcome.Forecast is { } f)
        {
            sb.AppendLine(inv, $"  forecast ({f.ModelVersion}, {outcome.HistoryRuns} runs of history): duration p50 {f.DurationP50Seconds:0}s, p90 {f.DurationP90Seconds:0}s{(f.Predictor is { } served ? $" (served by {served})" : string.Empty)}, failure risk {f.FailureProbability:P0}");
            if (run.EffectiveDurationSeconds is { } actual)
            {
                sb.AppendLine(inv, $"  actual: {actual:0}s, {run.Result?.ToString().ToLowerInvariant() ?? "unknown result"}{(outcome.AnomalyZ is { } z ? $", anomaly z {z:0.0}" : string.Empty)}");
            }
        }

        if (outcome.Decision is { } d)
        {
            sb.AppendLine(inv, $"  agent: state {d.State}, best-known strategy {d.Strategy.ToString().ToLowerInvariant()}");
            foreach (var s in d.Suggestions)
            {
                sb.AppendLine(inv, $"    * {s.Title} — {s.Evidence}");
            }
        }

        if (outcome.DriftNote is { } drift)
        {
            sb.AppendLine(inv, $"  drift: {drift}");
        }

        foreach (var note in outcome.Notes)
        {
            sb.AppendLine(inv, $"  note: {note}");
        }

        return sb.ToString().TrimEnd();
    }

    private static string Clean(string text) => new([.. text.Select(c => char.IsControl(c) ? '?' : c)]);
}
