using System.Text;
using System.Text.RegularExpressions;

namespace Pipewise.Hosting.TestResults;

/// <summary>
/// A small file glob: <c>**</c> any folders, <c>*</c> any characters in one name, <c>?</c> one character, and
/// several patterns separated by new lines or <c>;</c>. Paths are relative to a base folder and use <c>/</c>.
/// </summary>
public static class FileGlob
{
    public static IReadOnlyList<string> Match(string patterns, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        var regexes = patterns
            .Split(['\n', '\r', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Replace('\\', '/'))
            .Select(p => ToRegex(p.StartsWith("./", StringComparison.Ordinal) ? p[2..] : p))
            .ToList();
        if (regexes.Count == 0 || !Directory.Exists(baseDirectory))
        {
            return [];
        }

        var root = Path.GetFullPath(baseDirectory);
        var results = new List<string>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var file in Directory.EnumerateFiles(root, "*", options))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.StartsWith(".git/", StringComparison.Ordinal) || relative.Contains("/node_modules/", StringComparison.Ordinal))
            {
                continue;
            }

            if (regexes.Any(r => r.IsMatch(relative)))
            {
                results.Add(file);
            }
        }

        results.Sort(StringComparer.Ordinal);
        return results;
    }

    internal static Regex ToRegex(string pattern)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**/" matches zero or more folders; a trailing "**" matches everything below.
                if (i + 2 < pattern.Length && pattern[i + 2] == '/')
                {
                    sb.Append("(?:.*/)?");
                    i += 2;
                }
                else
                {
                    sb.Append(".*");
                    i += 1;
                }
            }
            else if (c == '*')
            {
                sb.Append("[^/]*");
            }
            else if (c == '?')
            {
                sb.Append("[^/]");
            }
            else
            {
                sb.Append(Regex.Escape(c.ToString()));
            }
        }

        sb.Append('$');
        return new Regex(sb.ToString(), RegexOptions.CultureInvariant | (OperatingSystem.IsWindows() ? RegexOptions.IgnoreCase : RegexOptions.None));
    }
}
