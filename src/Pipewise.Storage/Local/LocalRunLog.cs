using System.Text;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Storage;

/// <summary>
/// Appends to the local run log under the pipeline's lock (record, index line, then the key marker as the commit
/// point), answers whether a run is stored, and lists the pipelines by a four-level folder walk.
/// </summary>
internal sealed class LocalRunLog(LocalFiles files)
{
    public async Task<bool> AppendAsync(RunRecord run, CancellationToken cancellationToken)
    {
        RunReading.ValidateForAppend(run);
        var pipeline = run.Pipeline;
        var name = StoreNames.RecordName(run);
        var marker = files.Full(StoreNames.KeyMarkerPath(run.Key));
        await using (await files.LockAsync(StoreNames.PipelinePrefix(pipeline), cancellationToken).ConfigureAwait(false))
        {
            // The key marker is written last: it is the commit point. A crash before it leaves a record and
            // perhaps an index line, which the next append of the same run rewrites (same name) without duplicating.
            if (File.Exists(marker))
            {
                return false;
            }

            await files.WriteAtomicAsync(files.Full(StoreNames.RecordPath(pipeline, name)), RunRecordJson.Serialize(run), cancellationToken).ConfigureAwait(false);
            IndexFile.AppendLine(files.Full(StoreNames.PipelinePrefix(pipeline) + IndexFile.Name), name);
            await files.WriteAtomicAsync(marker, Encoding.UTF8.GetBytes(name), cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    public async Task<bool> ContainsAsync(RunKey key, CancellationToken cancellationToken)
    {
        var marker = files.Full(StoreNames.KeyMarkerPath(key));
        var bytes = await LocalFiles.TryReadAsync(marker, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return false;
        }

        var name = Encoding.UTF8.GetString(bytes).Trim();
        return StoreNames.IsOrderName(name) && File.Exists(files.Full(StoreNames.RecordPath(key.Pipeline, name)));
    }

    public Task<IReadOnlyList<PipelineKey>> ListPipelinesAsync(CancellationToken cancellationToken)
    {
        var result = new List<PipelineKey>();
        var runs = files.Full(StoreNames.RunsRoot);
        if (Directory.Exists(runs))
        {
            foreach (var dir in Directory.EnumerateDirectories(runs, "*", new EnumerationOptions { RecurseSubdirectories = false }).SelectMany(Children).SelectMany(Children).SelectMany(Children))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!File.Exists(Path.Combine(dir, SegmentNames.Folder, "head.json")) && !File.Exists(Path.Combine(dir, IndexFile.Name)) && !Directory.Exists(Path.Combine(dir, StoreNames.KeysFolder)))
                {
                    continue;
                }

                var relative = Path.GetRelativePath(runs, dir).Replace(Path.DirectorySeparatorChar, '/');
                if (!relative.Split('/').Any(s => s.StartsWith('~')) && PipelineKey.TryParse(relative, out var key))
                {
                    result.Add(key);
                }
            }
        }

        result.Sort((a, b) => string.CompareOrdinal(a.ToString(), b.ToString()));
        return Task.FromResult<IReadOnlyList<PipelineKey>>(result);

        static IEnumerable<string> Children(string dir) =>
            Path.GetFileName(dir).StartsWith('~') ? [] : Directory.EnumerateDirectories(dir);
    }
}
