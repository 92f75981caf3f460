namespace Pipewise.AzureDevOps.Tests;

/// <summary>A logging command as the agent reads it (same rules as the agent's Command.TryParse, written from CONTRACT.md).</summary>
internal sealed record ParsedCommand(string Area, string Event, IReadOnlyDictionary<string, string> Properties, string Data)
{
    public string Name => Area + "." + Event;

    public static IReadOnlyList<ParsedCommand> ParseAll(string output) =>
        [.. output.Split('\n').Select(l => l.TrimEnd('\r')).Select(TryParse).OfType<ParsedCommand>()];

    public static ParsedCommand? TryParse(string line)
    {
        var start = line.IndexOf("##vso[", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var rest = line[(start + "##vso[".Length)..];
        var end = rest.IndexOf(']', StringComparison.Ordinal);
        if (end < 0)
        {
            return null;
        }

        var info = rest[..end];
        var data = Unescape(rest[(end + 1)..]);
        var space = info.IndexOf(' ', StringComparison.Ordinal);
        var name = space < 0 ? info : info[..space];
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (space >= 0)
        {
            foreach (var pair in info[(space + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    properties[pair[..eq]] = Unescape(pair[(eq + 1)..]);
                }
            }
        }

        return new ParsedCommand(dot < 0 ? name : name[..dot], dot < 0 ? string.Empty : name[(dot + 1)..], properties, data);
    }

    private static string Unescape(string text) => text
        .Replace("%3B", ";", StringComparison.Ordinal)
        .Replace("%0D", "\r", StringComparison.Ordinal)
        .Replace("%0A", "\n", StringComparison.Ordinal)
        .Replace("%5D", "]", StringComparison.Ordinal)
        .Replace("%AZP25", "%", StringComparison.Ordinal);
}
