using System.Globalization;
using System.Text;
using Pipewise.Core.Runs;

namespace Pipewise.Storage;

/// <summary>
/// The names both stores use (see docs/adrs/0002-store-layout.md). Run records live at
/// <c>runs/&lt;provider&gt;/&lt;org&gt;/&lt;repo&gt;/&lt;pipeline&gt;/&lt;name&gt;.json</c> where the name sorts newest-first:
/// inverted zero-padded <see cref="RunRecord.OrderValue"/>, inverted attempt, escaped run id. Key markers
/// (<c>~keys/&lt;run id&gt;.&lt;attempt&gt;</c>) make appends idempotent by <see cref="RunKey"/>; '~' is always
/// escaped by <see cref="KeyEscaping"/>, so these names never collide with escaped key parts.
/// </summary>
internal static class StoreNames
{
    public const string RunsRoot = "runs/";
    public const string KeysFolder = "~keys";
    public const string PipelineRegistry = "runs/~pipelines/";
    public const string RecordSuffix = ".json";
    public const int MaxEscapedRunIdLength = 180;

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

    /// <summary>Reads a pipeline key back from its registry name (<c>provider/org/repo/pipeline</c>, escaped).</summary>
    public static bool TryParsePipeline(string segments, out PipelineKey pipeline) => PipelineKey.TryParse(segments, out pipeline);

    /// <summary>
    /// Validates a document path: relative, '/'-separated, no empty, '.' or '..' segments, no segment starting with '.'
    /// (reserved for the store's own files), no backslashes or control characters, not under <c>runs/</c>.
    /// </summary>
    public static string ValidateDocumentPath(string path, string what = "Document path")
    {
        ArgumentNullException.ThrowIfNull(path);
        var problem = DocumentPathProblem(path, allowPrefix: false);
        if (problem is not null)
        {
            throw new ArgumentException($"{what} '{Truncate(path)}' is not valid: {problem}.", nameof(path));
        }

        return path;
    }

    /// <summary>Validates a listing prefix: empty, or a relative path that may end with '/'.</summary>
    public static string ValidatePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length == 0)
        {
            return prefix;
        }

        var problem = DocumentPathProblem(prefix, allowPrefix: true);
        if (problem is not null)
        {
            throw new ArgumentException($"Document prefix '{Truncate(prefix)}' is not valid: {problem}.", nameof(prefix));
        }

        return prefix;
    }

    /// <summary>Model names, versions and file names: one segment of letters, digits, '.', '-', '_'.</summary>
    public static string ValidateModelSegment(string value, string field)
    {
        ArgumentNullException.ThrowIfNull(value, field);
        if (value.Length is 0 or > 128 || value[0] == '.' || value.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')))
        {
            throw new ArgumentException($"Model {field} '{Truncate(value)}' is not valid: expected 1-128 letters, digits, '.', '-' or '_', not starting with '.'.", field);
        }

        if (field == "version" && value == "current")
        {
            throw new ArgumentException("Model version 'current' is reserved for the current-version pointer.", field);
        }

        return value;
    }

    public static string ModelFilePath(string model, string version, string file) =>
        $"models/{ValidateModelSegment(model, "name")}/{ValidateModelSegment(version, "version")}/{ValidateModelSegment(file, "file")}";

    public static string ModelCurrentPath(string model) => $"models/{ValidateModelSegment(model, "name")}/current";

    public static string Truncate(string value) => value.Length <= 120 ? value : value[..120] + "…";

    private static string? DocumentPathProblem(string path, bool allowPrefix)
    {
        if (path.Length == 0)
        {
            return "expected a relative path such as 'agents/main.json', found an empty string";
        }

        if (path.Length > 900)
        {
            return "longer than 900 characters";
        }

        if (path[0] == '/' || path[0] == '\\' || (path.Length > 1 && path[1] == ':') || path.Contains("://", StringComparison.Ordinal))
        {
            return "absolute paths are not allowed; expected a path relative to the store root";
        }

        if (path.Contains('\\', StringComparison.Ordinal))
        {
            return "use '/' to separate folders, not '\\'";
        }

        if (path.Any(char.IsControl))
        {
            return "control characters are not allowed";
        }

        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.Length == 0)
            {
                if (allowPrefix && i == segments.Length - 1)
                {
                    continue;
                }

                return "empty folder names ('//' or a trailing '/') are not allowed";
            }

            if (segment is "." or "..")
            {
                return "'.' and '..' segments are not allowed";
            }

            if (segment[0] == '.')
            {
                return "names starting with '.' are reserved for the store";
            }
        }

        if (path.StartsWith(RunsRoot, StringComparison.Ordinal) || path == "runs")
        {
            return "'runs/' is reserved for the run log (use AppendRunAsync)";
        }

        return null;
    }

    private static void Require(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"Run key field '{field}' must be a non-empty string.", field);
        }
    }

    /// <summary>UTF-8 without BOM.</summary>
    public static readonly Encoding Utf8 = new UTF8Encoding(false);
}
