using System.Collections.Concurrent;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;

namespace Pipewise.Core.Assessment;

/// <summary>
/// Appends verdicts to the verdict log, once per run, source and result: gates are sampled repeatedly, and a
/// sample that says the same as the last one is not logged again. A failed write is reported, never thrown.
/// </summary>
internal sealed class VerdictRecorder(IVerdictLog? verdicts, TimeProvider time)
{
    private readonly ConcurrentDictionary<(PipelineKey, string), string> lastLogged = new();

    public async Task RecordAsync(PipelineKey pipeline, string? runId, int attempt, GateVerdict verdict, string source, Action<Exception> failed, CancellationToken ct)
    {
        if (verdicts is null)
        {
            return;
        }

        var signature = $"{runId}.{attempt}|{verdict.Verdict}|{verdict.Mode}";
        var slot = (pipeline, source);
        if (lastLogged.TryGetValue(slot, out var last) && last == signature)
        {
            return;
        }

        lastLogged[slot] = signature;
        try
        {
            await verdicts.AppendAsync(
                pipeline,
                new VerdictRecord
                {
                    RunId = runId ?? "latest",
                    Attempt = attempt,
                    At = time.GetUtcNow(),
                    Verdict = verdict.Verdict,
                    Mode = verdict.Mode,
                    Reasons = verdict.Reasons,
                    ModelVersion = verdict.ModelVersion,
                    Source = source,
                },
                ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            lastLogged.TryRemove(slot, out _);
            failed(ex);
        }
    }
}
