using Pipewise.Core.Gate;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Storage.Verdicts;

/// <summary>
/// <see cref="IVerdictLog"/> over the store's JSON documents: one document per pipeline,
/// <c>verdicts/&lt;escaped pipeline key&gt;.json</c>, holding the most recent <see cref="MaxPerPipeline"/> verdicts,
/// written with If-Match read-modify-write so that concurrent writers lose nothing.
/// </summary>
public sealed class StoreVerdictLog(IPipewiseStore store, int maxPerPipeline = StoreVerdictLog.DefaultMaxPerPipeline) : IVerdictLog
{
    public const int DefaultMaxPerPipeline = 200;
    public const string Prefix = "verdicts/";

    public int MaxPerPipeline { get; } = maxPerPipeline > 0 ? maxPerPipeline : throw new ArgumentOutOfRangeException(nameof(maxPerPipeline));

    /// <summary>The factory the CLI calls.</summary>
    public static IVerdictLog Create(IPipewiseStore store, int maxPerPipeline = DefaultMaxPerPipeline) => new StoreVerdictLog(store, maxPerPipeline);

    /// <summary>The document path of a pipeline's verdicts: one path segment, whatever the key holds.</summary>
    public static string PathOf(PipelineKey pipeline) => Prefix + KeyEscaping.Escape(pipeline.ToString()) + ".json";

    public async Task AppendAsync(PipelineKey pipeline, VerdictRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var key = pipeline.ToString();
        await store.UpdateDocumentAsync(
            PathOf(pipeline),
            VerdictJsonContext.Default.VerdictLogDocument,
            current =>
            {
                var list = new List<VerdictRecord>(current?.Verdicts ?? []) { record };
                if (list.Count > MaxPerPipeline)
                {
                    list.RemoveRange(0, list.Count - MaxPerPipeline);
                }

                return new VerdictLogDocument { Pipeline = key, Verdicts = list };
            },
            cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<VerdictRecord>> GetRecentAsync(PipelineKey pipeline, int count, CancellationToken cancellationToken = default)
    {
        var path = PathOf(pipeline);
        var document = await store.GetDocumentAsync(path, cancellationToken).ConfigureAwait(false);
        if (document is null || count <= 0)
        {
            return [];
        }

        VerdictLogDocument? log;
        try
        {
            log = System.Text.Json.JsonSerializer.Deserialize(document.Content, VerdictJsonContext.Default.VerdictLogDocument);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new CorruptStoreItemException(path, $"not a verdict log at {ex.Path}: {ex.Message}", ex);
        }

        var verdicts = log?.Verdicts ?? [];
        return verdicts.Count <= count ? verdicts : verdicts.GetRange(verdicts.Count - count, count);
    }
}
