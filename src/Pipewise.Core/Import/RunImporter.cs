using System.Diagnostics;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Core.Import;

/// <summary>
/// Stores parsed runs. Appends are idempotent by run key, so importing the same file twice leaves the same
/// runs, and re-running an import that stopped half-way resumes it. Malformed rows are counted and kept with
/// their line numbers; so are conflicts: a row whose key is already stored (by this import or an earlier one) with
/// other content, which overwrites nothing. Runs of one pipeline are appended in input order; different pipelines in parallel.
/// </summary>
public sealed class RunImporter(IPipewiseStore store, int parallelism = 4)
{
    /// <summary>Called after each stored batch with the running totals.</summary>
    public Action<ImportSummary>? Progress { get; init; }

    /// <summary>
    /// Runs of one pipeline stored together (default 256). API imports use a small batch: each run cost requests,
    /// so what was read is stored soon.
    /// </summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>
    /// Whether a row whose run is already stored with other content is a conflict row (default true: files). The API
    /// backfills turn it off: the provider's record of a run the step stored while it ran may differ, and the stored one
    /// is kept either way.
    /// </summary>
    public bool ReportStoredConflicts { get; init; } = true;

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

    /// <summary>Moves to the next input item; an input that cannot be read (I/O, broken compression) is bad input, not a store failure.</summary>
    private static async ValueTask<bool> NextInputAsync(IAsyncEnumerator<ParsedRun> input)
    {
        try
        {
            return await input.MoveNextAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or System.Text.DecoderFallbackException)
        {
            throw new FormatException(ex.Message, ex);
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
        var seen = new Dictionary<long, (long Content, string Source, long Line)>();
        using var gate = new SemaphoreSlim(parallelism);
        var pending = new List<Task>();
        var failures = new List<Exception>();
        var batch = new List<(RunRecord Run, string Source, long Line)>(BatchSize);
        PipelineKey? batchPipeline = null;
        var stored = new StoredRunConflicts(store, parallelism * 2);
        var conflicts = new System.Collections.Concurrent.ConcurrentQueue<MalformedRow>();

        async Task StoreBatchAsync(List<(RunRecord Run, string Source, long Line)> items)
        {
            try
            {
                foreach (var (run, source, line) in items)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (await store.AppendRunAsync(run, cancellationToken).ConfigureAwait(false))
                    {
                        Interlocked.Increment(ref imported);
                    }
                    else if (ReportStoredConflicts && await stored.CheckAsync(run, cancellationToken).ConfigureAwait(false) is { } conflict)
                    {
                        // Stored by an earlier import (or the step, a webhook) with other content: nothing is overwritten.
                        conflicts.Enqueue(new MalformedRow(source, line, conflict));
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
            batch = new(BatchSize);
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

        ImportSummary Snapshot()
        {
            var conflicted = conflicts.ToArray();
            return new()
            {
                Rows = rows,
                Imported = Interlocked.Read(ref imported),
                Duplicates = Interlocked.Read(ref duplicates),
                Malformed = malformedCount + conflicted.Length,
                Pipelines = pipelines.Count,
                MalformedRows = conflicted.Length == 0 ? malformed
                    : [.. malformed.Concat(conflicted).OrderBy(m => m.Source, StringComparer.Ordinal).ThenBy(m => m.Line).Take(MaxMalformedDetails)],
                Elapsed = stopwatch.Elapsed,
            };
        }

        Exception Fail(Exception inner) => new ImportFailedException(
            $"The import stopped after storing {Interlocked.Read(ref imported)} new run(s) ({Interlocked.Read(ref duplicates)} already stored): {inner.Message} " +
            "Nothing was half-written; run the same import again to resume (stored runs are skipped).",
            Snapshot(),
            inner);

        state.Fail = Fail;
        var input = runs.GetAsyncEnumerator(cancellationToken);
        await using var inputScope = input.ConfigureAwait(false);
        // When the input fails (a bad file, an API that refuses), the runs read before are stored, then it throws.
        async ValueTask<bool> NextOrStoreReadAsync()
        {
            try
            {
                return await NextInputAsync(input).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await FlushAsync().ConfigureAwait(false);
                    await Task.WhenAll(pending).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    failures.Add(ex);
                }

                throw;
            }
        }

        while (await NextOrStoreReadAsync().ConfigureAwait(false))
        {
            var parsed = input.Current;
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
                else if ((StoreNames.UnstorableReason(run) ?? DurationProblem(run)) is { } unstorable)
                {
                    error = unstorable;
                    run = null;
                }
            }

            if (run is not null && Conflict(seen, run, parsed) is { } conflict)
            {
                error = conflict;
                run = null;
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

            batch.Add((run, parsed.Source, parsed.Line));
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

    /// <summary>A duration whose end lies past the year 9999 (no reader could place the run in time).</summary>
    private static string? DurationProblem(RunRecord run)
    {
        var start = run.StartedAt ?? run.QueuedAt ?? DateTimeOffset.UnixEpoch;
        return run.DurationSeconds is { } d && d > (DateTimeOffset.MaxValue - start).TotalSeconds
            ? $"field 'durationSeconds': {d.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)} s after {start:O} is past the year 9999"
            : null;
    }

    /// <summary>
    /// A second row with the key of an earlier row of this import but other content: a conflict, reported as a
    /// malformed row (the first one is kept). Only 64-bit hashes are remembered, so a million rows stay small.
    /// </summary>
    private static string? Conflict(Dictionary<long, (long Content, string Source, long Line)> seen, RunRecord run, ParsedRun parsed)
    {
        var key = Hash(System.Text.Encoding.UTF8.GetBytes(run.Key.ToString()));
        var content = Hash(RunRecordJson.Serialize(run));
        if (!seen.TryGetValue(key, out var first))
        {
            seen[key] = (content, parsed.Source, parsed.Line);
            return null;
        }

        return first.Content == content
            ? null
            : $"conflict: run {StoreNames.Truncate(run.Key.ToString())} was already read at {first.Source}:{first.Line} with other content; the first one is kept";
    }

    private static long Hash(ReadOnlySpan<byte> bytes) => StoredRunConflicts.Hash(bytes);
}
