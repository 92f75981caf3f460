using System.Text.RegularExpressions;

namespace Pipewise.Cli.Tests.Docs;

/// <summary>
/// The `pipewise …` command lines written in the README and docs/: the command words of each (the leading lower-case
/// words, before the first option or placeholder), with `a|b` alternatives expanded. Markdown counts only inside code
/// (fenced blocks and `code spans`); YAML counts outside comments and inside the comments' code spans.
/// </summary>
internal static partial class DocCommandLines
{
    [GeneratedRegex(@"(?<![\w.\-])pipewise((?: +[a-z][a-z\-]*(?:\\?\|[a-z][a-z\-]*)*)*)")]
    private static partial Regex CommandLine();

    [GeneratedRegex(@"```.*?```", RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"`[^`\n]+`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"(^|\s)#.*$", RegexOptions.Multiline)]
    private static partial Regex YamlComment();

    /// <summary>Command paths (e.g. "model list") to the files that write them.</summary>
    public static SortedDictionary<string, SortedSet<string>> Find(string repoRoot, IEnumerable<string> relativeFiles)
    {
        var found = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var relative in relativeFiles)
        {
            var text = File.ReadAllText(Path.Combine(repoRoot, relative)).ReplaceLineEndings("\n");
            foreach (var code in CodeOf(relative, text))
            {
                foreach (Match match in CommandLine().Matches(code))
                {
                    foreach (var path in Expand(match.Groups[1].Value))
                    {
                        if (!found.TryGetValue(path, out var files))
                        {
                            found[path] = files = new SortedSet<string>(StringComparer.Ordinal);
                        }

                        files.Add(relative.Replace('\\', '/'));
                    }
                }
            }
        }

        return found;
    }

    /// <summary>The parts of a file that are code, where a command line means a command.</summary>
    internal static IEnumerable<string> CodeOf(string relativePath, string text)
    {
        if (relativePath.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
        {
            foreach (Match block in FencedBlock().Matches(text))
            {
                yield return block.Value;
            }

            foreach (Match span in CodeSpan().Matches(FencedBlock().Replace(text, string.Empty)))
            {
                yield return span.Value;
            }

            yield break;
        }

        foreach (Match comment in YamlComment().Matches(text))
        {
            foreach (Match span in CodeSpan().Matches(comment.Value))
            {
                yield return span.Value;
            }
        }

        yield return YamlComment().Replace(text, string.Empty);
    }

    /// <summary>"model list\|promote" → "model list", "model promote"; "" → "" (the root command).</summary>
    internal static IEnumerable<string> Expand(string words)
    {
        IEnumerable<string> paths = [string.Empty];
        foreach (var word in words.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var alternatives = word.Replace("\\|", "|", StringComparison.Ordinal).Split('|', StringSplitOptions.RemoveEmptyEntries);
            paths = paths.SelectMany(p => alternatives.Select(a => p.Length == 0 ? a : p + " " + a)).ToList();
        }

        return paths;
    }
}
