namespace Pipewise.GitHub.Tests;

/// <summary>
/// Reads GITHUB_OUTPUT / GITHUB_ENV the way the runner does (CONTRACT.md §1): lines split on \n (Linux and macOS;
/// Windows also takes \r\n), empty lines skipped, NAME=VALUE when '=' comes before '&lt;&lt;', else a heredoc
/// NAME&lt;&lt;DELIM … DELIM, failing when the delimiter line is missing.
/// </summary>
internal static class RunnerFileParser
{
    public static List<KeyValuePair<string, string>> Parse(string text, bool windows = false)
    {
        var lines = windows ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n') : text.Split('\n');
        var result = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
            {
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            var heredoc = line.IndexOf("<<", StringComparison.Ordinal);
            if (eq >= 0 && (heredoc < 0 || eq < heredoc))
            {
                result.Add(new(line[..eq], line[(eq + 1)..]));
                continue;
            }

            if (heredoc < 0)
            {
                throw new FormatException($"Invalid format '{line}'");
            }

            var name = line[..heredoc];
            var delimiter = line[(heredoc + 2)..];
            if (name.Length == 0 || delimiter.Length == 0)
            {
                throw new FormatException($"Invalid format '{line}'");
            }

            var value = new List<string>();
            var closed = false;
            for (i++; i < lines.Length; i++)
            {
                if (lines[i] == delimiter)
                {
                    closed = true;
                    break;
                }

                value.Add(lines[i]);
            }

            if (!closed)
            {
                throw new FormatException($"Invalid value. Matching delimiter not found '{delimiter}'");
            }

            result.Add(new(name, string.Join('\n', value)));
        }

        return result;
    }

    /// <summary>Workflow command lines as the runner sees them: trimmed lines starting with "::", split into name, properties, message.</summary>
    public static List<(string Name, Dictionary<string, string> Properties, string Message)> Commands(string log)
    {
        var list = new List<(string, Dictionary<string, string>, string)>();
        foreach (var raw in log.Split('\n'))
        {
            var line = raw.TrimEnd('\r').TrimStart();
            if (!line.StartsWith("::", StringComparison.Ordinal))
            {
                continue;
            }

            var end = line.IndexOf("::", 2, StringComparison.Ordinal);
            if (end < 0)
            {
                continue;
            }

            var head = line[2..end];
            var message = Unescape(line[(end + 2)..], false);
            var space = head.IndexOf(' ', StringComparison.Ordinal);
            var name = space < 0 ? head : head[..space];
            var props = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (space >= 0)
            {
                foreach (var pair in head[(space + 1)..].Split(','))
                {
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    if (eq > 0)
                    {
                        props[pair[..eq]] = Unescape(pair[(eq + 1)..], true);
                    }
                }
            }

            list.Add((name, props, message));
        }

        return list;
    }

    private static string Unescape(string s, bool property)
    {
        s = s.Replace("%0D", "\r", StringComparison.Ordinal).Replace("%0A", "\n", StringComparison.Ordinal);
        if (property)
        {
            s = s.Replace("%3A", ":", StringComparison.Ordinal).Replace("%2C", ",", StringComparison.Ordinal);
        }

        return s.Replace("%25", "%", StringComparison.Ordinal);
    }
}
