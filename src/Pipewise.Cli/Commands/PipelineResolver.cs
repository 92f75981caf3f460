using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Cli.Commands;

/// <summary>Finds a stored pipeline from what a user types: the full key, org/repo, org/repo/pipeline, or a unique repo or pipeline id.</summary>
public static class PipelineResolver
{
    public static async Task<(PipelineKey? Key, string? Error)> ResolveAsync(IPipewiseStore store, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var all = await store.ListPipelinesAsync(cancellationToken).ConfigureAwait(false);
        if (PipelineKey.TryParse(text, out var exact) && all.Contains(exact))
        {
            return (exact, null);
        }

        var matches = all.Where(k =>
            string.Equals($"{k.Organization}/{k.Repository}", text, StringComparison.OrdinalIgnoreCase)
            || string.Equals($"{k.Organization}/{k.Repository}/{k.PipelineId}", text, StringComparison.OrdinalIgnoreCase)
            || string.Equals(k.Repository, text, StringComparison.OrdinalIgnoreCase)
            || string.Equals(k.PipelineId, text, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count switch
        {
            1 => (matches[0], null),
            0 => (null, $"no stored pipeline matches '{text}' ({all.Count} pipeline(s) stored; list them with 'pipewise runs --list')"),
            _ => (null, $"'{text}' matches {matches.Count} pipelines: {string.Join(", ", matches.Take(5))}{(matches.Count > 5 ? ", …" : string.Empty)}; give the full key"),
        };
    }
}
