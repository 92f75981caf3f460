namespace Pipewise.Core.Storage;

/// <summary>The document paths every store accepts.</summary>
public static partial class StoreNames
{
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

        return SegmentProblem(path.Split('/'), allowPrefix)
            ?? (path.StartsWith(RunsRoot, StringComparison.Ordinal) || path == "runs" ? "'runs/' is reserved for the run log (use AppendRunAsync)" : null);
    }

    private static string? SegmentProblem(string[] segments, bool allowPrefix)
    {
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

        return null;
    }
}
