using System.Text.RegularExpressions;
using Pipewise.Testing;

namespace Pipewise.Cli.Tests;

/// <summary>Keeps docs/cli.md (linked from the README) true: every documented command's help is the binary's own.</summary>
[TestClass]
public sealed partial class CliReferenceTests
{
    [GeneratedRegex(@"^#{2,3} pipewise (?<cmd>[a-z -]+)\n\n```\n(?<help>.*?)```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Section();

    [TestMethod]
    public async Task DocsCliReference_MatchesEveryCommandsHelp()
    {
        var doc = File.ReadAllText(Path.Combine(SharedFiles.RepoRoot, "docs", "cli.md")).ReplaceLineEndings("\n");
        var sections = Section().Matches(doc);
        Assert.IsGreaterThan(10, sections.Count, "docs/cli.md should document every command");
        var stale = new List<string>();
        foreach (Match section in sections)
        {
            var args = section.Groups["cmd"].Value.Trim().Split(' ').Append("--help").ToArray();
            var help = await PipewiseProcess.RunAsync(Path.GetTempPath(), null, args);
            if (help.Stdout.ReplaceLineEndings("\n").Trim() != section.Groups["help"].Value.Trim())
            {
                stale.Add(string.Join(' ', args));
            }
        }

        var top = await PipewiseProcess.RunAsync(Path.GetTempPath(), null, "--help");
        foreach (var command in Regex.Matches(top.Stdout[top.Stdout.IndexOf("Commands:", StringComparison.Ordinal)..], @"^  ([a-z][a-z-]*) ", RegexOptions.Multiline).Select(m => m.Groups[1].Value))
        {
            if (!doc.Contains($"## pipewise {command}\n", StringComparison.Ordinal))
            {
                stale.Add($"{command} (missing)");
            }
        }

        Assert.IsEmpty(stale, "docs/cli.md is out of date for: " + string.Join(", ", stale) + ". Run scripts/gen-cli-reference.sh.");
    }
}
