using System.Globalization;
using Pipewise.Core.Runs;

namespace Pipewise.Core.Storage;

/// <summary>
/// Run records live at <c>runs/&lt;provider&gt;/&lt;org&gt;/&lt;repo&gt;/&lt;pipeline&gt;/&lt;name&gt;.json</c> where the name sorts
/// newest-first: inverted zero-padded <see cref="RunRecord.OrderValue"/>, inverted attempt, escaped run id. Key markers
/// (<c>~keys/&lt;run id&gt;.&lt;attempt&gt;</c>) make appends idempotent by <see cref="RunKey"/>; '~' is always
/// escaped by <see cref="KeyEscaping"/>, so these names never collide with escaped key parts.
/// </summary>
public static partial class StoreNames
{
    public const string RunsRoot = "runs/";
    public const string KeysFolder = "~keys";
    public const string RecordSuffix = ".json";
    public const int MaxEscapedRunIdLength = 180;

    /// <summary>The longest name of one folder or file (bytes) that every file system and blob store accepts.</summary>
    public const int MaxSegmentBytes = 255;

    /// <summary>The prefix (ending in '/') of one pipeline's run folder.</summary>
    public static string PipelinePrefix(PipelineKey pipeline) => RunsRoot + PipelineSegments(pipeline) + "/";

    public static string PipelineSegments(PipelineKey pipeline)
    {
        Require(pipeline.Provider, "provider");
        Require(pipeline.Organization, "organization");
        Require(pipeline.Repository, "repository");
        Require(pipeline.PipelineId, "pipelineId");
        return pipeline.ToString();
    }

    /// <summary>The record name (without folder and suffix); ordinal ascending order is newest first.</summary>
    public static string RecordName(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var order = unchecked((ulong)run.OrderValue ^ 0x8000_0000_0000_0000UL);
        var invertedOrder = ulong.MaxValue - order;
        var invertedAttempt = int.MaxValue - Math.Max(1, run.Attempt);
        return string.Create(CultureInfo.InvariantCulture, $"{invertedOrder:D20}-{invertedAttempt:D10}-{EscapedRunId(run.RunId)}");
    }

    public static string RecordPath(PipelineKey pipeline, string recordName) => PipelinePrefix(pipeline) + recordName + RecordSuffix;

    public static string KeyMarkerPath(RunKey key) =>
        PipelinePrefix(key.Pipeline) + KeysFolder + "/" + EscapedRunId(key.RunId) + "." + Math.Max(1, key.Attempt).ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether a name directly under a pipeline folder is a run record (<c>&lt;digits&gt;-&lt;digits&gt;-&lt;id&gt;.json</c>).</summary>
    public static bool IsRecordName(string name)
    {
        if (name.Length < 20 + 1 + 10 + 2 + RecordSuffix.Length || !name.EndsWith(RecordSuffix, StringComparison.Ordinal))
        {
            return false;
        }

        return IsOrderName(name.AsSpan(0, name.Length - RecordSuffix.Length));
    }

    /// <summary>Whether the text is a record name without suffix.</summary>
    public static bool IsOrderName(ReadOnlySpan<char> name)
    {
        if (name.Length < 20 + 1 + 10 + 2 || name[20] != '-' || name[31] != '-')
        {
            return false;
        }

        for (var i = 0; i < 31; i++)
        {
            if (i != 20 && !char.IsAsciiDigit(name[i]))
            {
                return false;
            }
        }

        foreach (var c in name[32..])
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '%' or '.' or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    public static string EscapedRunId(string runId)
    {
        Require(runId, "runId");
        var escaped = KeyEscaping.Escape(runId);
        if (escaped.Length > MaxEscapedRunIdLength)
        {
            throw new ArgumentException($"Run id '{Truncate(runId)}' is too long to store: at most {MaxEscapedRunIdLength} characters after escaping, found {escaped.Length}.", nameof(runId));
        }

        return escaped;
    }

    /// <summary>
    /// Why a run cannot be stored under this layout (a key part longer than <see cref="MaxSegmentBytes"/> once escaped,
    /// a run id longer than <see cref="MaxEscapedRunIdLength"/>, an empty key part, a <see cref="RunRecordLimits"/> limit),
    /// or null when it can.
    /// </summary>
    public static string? UnstorableReason(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        (string Field, string Value)[] parts = [("provider", run.Provider), ("organization", run.Organization), ("repository", run.Repository), ("pipelineId", run.PipelineId)];
        foreach (var (field, value) in parts)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return $"field '{field}': expected a non-empty string";
            }

            var escaped = KeyEscaping.Escape(value);
            if (escaped.Length > MaxSegmentBytes)
            {
                return $"field '{field}': at most {MaxSegmentBytes} bytes once escaped for a path, found {escaped.Length} ('{Truncate(value)}')";
            }
        }

        if (string.IsNullOrWhiteSpace(run.RunId))
        {
            return "field 'runId': expected a non-empty string";
        }

        var id = KeyEscaping.Escape(run.RunId);
        if (id.Length > MaxEscapedRunIdLength)
        {
            return $"field 'runId': at most {MaxEscapedRunIdLength} characters once escaped, found {id.Length} ('{Truncate(run.RunId)}')";
        }

        return RunRecordLimits.Check(run) is { } limit ? $"field '{limit.Field}': {limit.Expected}" : null;
    }
}
