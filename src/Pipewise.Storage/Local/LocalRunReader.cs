using System.Runtime.CompilerServices;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Storage;

/// <summary>Reads the local run log: the names from <see cref="RunIndex"/>, then the records, corrupt ones reported.</summary>
internal sealed class LocalRunReader(LocalFiles files)
{
    /// <summary>How many index lines the last <see cref="LastAsync"/> pass examined (a diagnostic for tests).</summary>
    public int LastIndexLinesRead { get; private set; }

    public async Task<IReadOnlyList<RunRecord>> LastAsync(PipelineKey pipeline, int count, StoreReadReport? report, CancellationToken cancellationToken)
    {
        if (count <= 0)
        {
            return [];
        }

        var prefix = StoreNames.PipelinePrefix(pipeline);
        var indexPath = files.Full(prefix + IndexFile.Name);
        var seen = new Dictionary<string, RunRecord?>(StringComparer.Ordinal);
        var want = count;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var linesRead = 0;
            var names = File.Exists(indexPath) ? RunIndex.TopNamesFromIndex(indexPath, want, out linesRead) : RunIndex.TopNamesFromFolder(files.Full(prefix), want);
            LastIndexLinesRead = linesRead;
            var found = new List<RunRecord>(count);
            foreach (var name in names)
            {
                if (!seen.TryGetValue(name, out var record))
                {
                    record = await ReadRecordAsync(prefix, name, report, cancellationToken).ConfigureAwait(false);
                    seen[name] = record;
                }

                if (record is not null)
                {
                    found.Add(record);
                    if (found.Count == count)
                    {
                        break;
                    }
                }
            }

            if (found.Count == count || names.Count < want)
            {
                found.Reverse();
                return found;
            }

            // Some of the newest were corrupt or missing: look further back.
            want = (want * 2) + 16;
        }
    }

    public async IAsyncEnumerable<RunRecord> AllAsync(PipelineKey pipeline, StoreReadReport? report, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = StoreNames.PipelinePrefix(pipeline);
        var indexPath = files.Full(prefix + IndexFile.Name);
        var names = File.Exists(indexPath) ? RunIndex.AllNamesFromIndex(indexPath) : RunIndex.TopNamesFromFolder(files.Full(prefix), int.MaxValue);
        for (var i = names.Count - 1; i >= 0; i--)
        {
            var record = await ReadRecordAsync(prefix, names[i], report, cancellationToken).ConfigureAwait(false);
            if (record is not null)
            {
                yield return record;
            }
        }
    }

    private async Task<RunRecord?> ReadRecordAsync(string prefix, string name, StoreReadReport? report, CancellationToken cancellationToken)
    {
        var key = prefix + name + StoreNames.RecordSuffix;
        var bytes = await LocalFiles.TryReadAsync(files.Full(key), cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            RunReading.ReportMissing(key, report);
            return null;
        }

        return RunReading.Parse(bytes, key, report);
    }
}
