using System.Runtime.CompilerServices;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Core.Import;

/// <summary>
/// Copies the runs an older file import stored under a workflow's file path (<c>.github/workflows/x.yml@ref</c>)
/// to the workflow's one pipeline (its workflow id), so a live run finds that history (ADR 0012). The workflow
/// ids and paths are learned from the runs of the current import (<see cref="Watch"/>). The old copies stay where
/// they are (nothing is deleted); appends are idempotent, so running the import again copies nothing twice.
/// </summary>
public sealed class LegacyPipelineMove
{
    private readonly Dictionary<PipelineKey, string> paths = [];

    /// <summary>Passes the runs through, noting each workflow's id and file path.</summary>
    public async IAsyncEnumerable<ParsedRun> Watch(IAsyncEnumerable<ParsedRun> runs, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runs);
        await foreach (var parsed in runs.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (parsed.Run is { Provider: "github" } run && run.Properties?.GetValueOrDefault("workflow-path") is { } path)
            {
                lock (paths)
                {
                    paths.TryAdd(run.Pipeline, path);
                }
            }

            yield return parsed;
        }
    }

    /// <summary>Copies every legacy pipeline's runs under its workflow id; returns one note per pipeline copied.</summary>
    public async Task<IReadOnlyList<string>> MoveAsync(IRunStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var notes = new List<string>();
        if (paths.Count == 0)
        {
            return notes;
        }

        var stored = await store.ListPipelinesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (current, path) in paths)
        {
            foreach (var legacy in stored.Where(p => GitHubPipelineIdentity.IsLegacyIdOf(p, current, path)))
            {
                long copied = 0, total = 0;
                await foreach (var run in store.ReadAllRunsAsync(legacy, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    total++;
                    if (await store.AppendRunAsync(run with { PipelineId = current.PipelineId }, cancellationToken).ConfigureAwait(false))
                    {
                        copied++;
                    }
                }

                notes.Add($"Pipeline identity (ADR 0012): copied {copied} of {total} run(s) stored under the old key '{legacy}' to '{current}', the key every collector uses; the old copies are left in place and can be ignored.");
            }
        }

        return notes;
    }
}
