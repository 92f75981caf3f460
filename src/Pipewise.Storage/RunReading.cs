using System.Security.Cryptography;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Storage;

/// <summary>Parsing helpers shared by both stores.</summary>
internal static class RunReading
{
    /// <summary>Parses a stored record; a corrupt one is reported with its key and skipped (null).</summary>
    public static RunRecord? Parse(ReadOnlySpan<byte> content, string key, StoreReadReport? report)
    {
        try
        {
            return RunRecordJson.Deserialize(content, key);
        }
        catch (RunRecordFormatException ex)
        {
            report?.Add(new CorruptStoreItemException(key, $"field '{ex.Field}': {ex.Expected}").Message);
            return null;
        }
    }

    public static void ReportMissing(string key, StoreReadReport? report) =>
        report?.Add(new CorruptStoreItemException(key, "listed in the run index but the record is missing (deleted or half-written); re-append the run to repair").Message);

    /// <summary>A strong content ETag, quoted like HTTP ETags.</summary>
    public static string ContentETag(ReadOnlySpan<byte> content)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(content, hash);
        return "\"" + Convert.ToHexStringLower(hash[..16]) + "\"";
    }

    public static void ValidateForAppend(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        RunRecordValidator.ThrowIfInvalid(run, run.Key.ToString());
        RunRecordLimits.ThrowIfExceeded(run);
    }

    /// <summary>Validates every run first (nothing is stored when one is invalid), then appends them pipeline by pipeline.</summary>
    public static async Task<int> AppendBatchAsync(SegmentLog log, IReadOnlyList<RunRecord> runs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runs);
        foreach (var run in runs)
        {
            ValidateForAppend(run);
        }

        var stored = 0;
        foreach (var group in runs.GroupBy(r => r.Pipeline))
        {
            stored += (await log.AppendAsync(group.Key, [.. group], cancellationToken).ConfigureAwait(false)).Count(b => b);
        }

        return stored;
    }
}
