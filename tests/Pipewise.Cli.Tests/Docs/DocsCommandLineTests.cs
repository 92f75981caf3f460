using Pipewise.Testing;

namespace Pipewise.Cli.Tests.Docs;

/// <summary>
/// Docs name real commands only: every `pipewise …` command line in README.md and docs/ is run with --help appended
/// through the built pipewise, and must be recognised (no "Unrecognized command", exit 0, and the help is that
/// command's own: with --help, System.CommandLine shows the nearest parent's help instead of an error, so a stray word
/// such as `pipewise gate serve` shows up as a Usage line of `pipewise gate`).
/// </summary>
[TestClass]
public sealed class DocsCommandLineTests
{
    private static IEnumerable<string> DocFiles()
    {
        var root = SharedFiles.RepoRoot;
        yield return "README.md";
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "docs"), "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)))
        {
            yield return Path.GetRelativePath(root, file);
        }
    }

    [TestMethod]
    public async Task DocsCommandLines_WithHelpAppended_AreRecognisedCommands()
    {
        var commands = DocCommandLines.Find(SharedFiles.RepoRoot, DocFiles());
        Assert.IsGreaterThan(15, commands.Count, "the README and docs/ should name most commands");
        var wrong = new List<string>();
        foreach (var (path, files) in commands)
        {
            var args = path.Split(' ', StringSplitOptions.RemoveEmptyEntries).Append("--help").ToArray();
            var result = await PipewiseProcess.RunAsync(Path.GetTempPath(), null, args);
            var output = result.Stdout + result.Stderr;
            var usage = output.Split('\n').SkipWhile(l => !l.StartsWith("Usage:", StringComparison.Ordinal)).Skip(1).FirstOrDefault()?.Trim() ?? string.Empty;
            // `pipewise serve` forwards to pipewise-gate, which prints its own help.
            var expected = path.StartsWith("serve", StringComparison.Ordinal) ? "pipewise-gate" : ("pipewise " + path).Trim();
            if (result.ExitCode != 0 || output.Contains("Unrecognized command", StringComparison.Ordinal)
                || !(usage == expected || usage.StartsWith(expected + " ", StringComparison.Ordinal)))
            {
                wrong.Add($"`pipewise {path}` in {string.Join(", ", files)} (exit {result.ExitCode}, usage '{usage}')");
            }
        }

        Assert.IsEmpty(wrong, "docs name commands that do not exist:\n" + string.Join("\n", wrong));
    }

    [TestMethod]
    public void Find_StrayWordAndAlternatives_AreCommandPaths()
    {
        var dir = Directory.CreateTempSubdirectory("pipewise-docs-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "a.md"),
                "Run `pipewise gate serve --urls x` or `pipewise model list\\|promote`; the pipewise command is prose.\n" +
                "```bash\npipewise runs --pipeline p\n```\n");
            File.WriteAllText(Path.Combine(dir.FullName, "b.yml"),
                "# secrets reach pipewise only through the environment; see `pipewise train`\nscript: pipewise run --host azure-devops\n");

            var found = DocCommandLines.Find(dir.FullName, ["a.md", "b.yml"]);

            CollectionAssert.AreEquivalent(
                new[] { "gate serve", "model list", "model promote", "runs", "train", "run" },
                found.Keys.ToArray());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
