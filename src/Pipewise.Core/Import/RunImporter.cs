using System.Diagnostics;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Core.Import;

/// <summary>
/// Stores parsed runs. Appends are idempotent by run key, so importing the same file twice leaves the same
/// runs, and re-running an import that stopped half-way resumes it. Malformed rows are counted and kept with
/// their line numbers. Runs of one pipeline are appended in input order; different pipelines in parallel.
/// </summary>
public sealed class RunImporter(IPipewiseStore store, int parallelism = 4)
{
    private const int BatchSize = 256;

    /// <summary>Called after each stored batch with the running totals.</summary>
    public Action<ImportSummary>? Progress { get; init; }

    /// <summary>How many malformed rows to keep in detail (all are counted).</summary>
    public int MaxMalformedDetails { get; init; } = 1000;

    public async Task<ImportSummary> ImportAsync(IAsyncEnumerable<ParsedRun> runs, CancellationToken cancellationToken = default)
    {
        var state = new ImportState();
        try
        {
            return await ImportCoreAsync(runs, state, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ImportFailedException and not FormatException)
        {
            throw state.Fail!(ex);
        }
    }

    private sealed class ImportState
    {
        public Func<Exception, Exception>? Fail { get; set; }
    }

    private async Task<ImportSummary> ImportCoreAsync(IAsyncEnumerable<ParsedRun> runs, ImportState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var stopwatch = Stopwatch.StartNew();
        var malformed = new List<MalformedRow>();
        long rows = 0, malformedCount = 0, imported = 0, duplicates = 0;
        var pipelines = new HashSet<PipelineKey>();
        using var gate = new SemaphoreSlim(parallelism);
        var pending = new List<Task>();
        var failures = new List<Exception>();
        var batch = new List<RunRecord>(BatchSize);
        PipelineKey? batchPipeline = null;

        async Task StoreBatchAsync(List<RunRecord> items)
        {
            try
            {
                foreach (var run in items)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (await store.AppendRunAsync(run, cancellationToken).ConfigureAwait(false))
                    {
                        Interlocked.Increment(ref imported);
                    }
                    else
                    {
                        Interlocked.Increment(ref duplicates);
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }

        async Task FlushAsync()
        {
            if (batch.Count == 0)
            {
                return;
            }

            var items = batch;
            batch = new List<RunRecord>(BatchSize);
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            pending.Add(StoreBatchAsync(items));
            if (pending.Count > parallelism * 4)
            {
                await DrainCompletedAsync().ConfigureAwait(false);
            }
        }

        async Task DrainCompletedAsync()
        {
            foreach (var done in pending.Where(t => t.IsCompleted).ToList())
            {
                pending.Remove(done);
                try
                {
                    await done.ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    failures.Add(ex);
                }
            }

            if (failures.Count > 0)
            {
                throw Fail(failures[0]);
            }

            Progress?.Invoke(Snapshot());
        }

        ImportSummary Snapshot() => new()
        {
            Rows = rows,
            Imported = Interlocked.Read(ref imported),
            Duplicates = Interlocked.Read(ref duplicates),
            Malformed = malformedCount,
            Pipelines = pipelines.Count,
            MalformedRows = malformed,
            Elapsed = stopwatch.Elapsed,
        };

        Exception Fail(Exception inner) => new ImportFailedException(
            $"The import stopped after storing {Interlocked.Read(ref imported)} new run(s) ({Interlocked.Read(ref duplicates)} already stored): {inner.Message} " +
            "Nothing was half-written; run the same import again to resume (stored runs are skipped).",
            Snapshot(),
            inner);

        state.Fail = Fail;
        await foreach (var parsed in runs.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            rows++;
            var run = parsed.Run;
            string? error = parsed.Error;
            if (run is not null)
            {
                var problems = RunRecordValidator.Validate(run);
                if (problems.Count > 0)
                {
                    error = $"field '{problems[0].Field}': {problems[0].Expected}";
                    run = null;
                }
            }

            if (run is null)
            {
                malformedCount++;
                if (malformed.Count < MaxMalformedDetails)
                {
                    malformed.Add(new MalformedRow(parsed.Source, parsed.Line, error ?? "unreadable row"));
                }

                continue;
            }

            pipelines.Add(run.Pipeline);
            if (batchPipeline != run.Pipeline || batch.Count >= BatchSize)
            {
                // Keep a pipeline's runs in one ordered stream: wait for its previous batch before starting the next.
                if (batchPipeline == run.Pipeline)
                {
                    await FlushAsync().ConfigureAwait(false);
                    await Task.WhenAll(pending).ConfigureAwait(false);
                    await DrainCompletedAsync().ConfigureAwait(false);
                }
                else
                {
                    await FlushAsync().ConfigureAwait(false);
                }

                batchPipeline = run.Pipeline;
            }

            batch.Add(run);
        }

        await FlushAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(pending).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw Fail(ex);
        }

        return Snapshot();
    }
}
