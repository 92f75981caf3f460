using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Pipewise.Testing;

/// <summary>
/// Finds <c>../shared</c> (beside the repository) at test time. Tests that need it call <see cref="Require"/>,
/// which reports the test inconclusive with a clear message when it is absent, so a fresh clone still passes.
/// </summary>
public static class SharedFiles
{
    private static readonly Lazy<string?> Root = new(Find);

    /// <summary>The repository root (the folder holding Extension.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The shared folder, or null when it is not there.</summary>
    public static string? SharedRoot => Root.Value;

    /// <summary>The full path of a file or folder under ../shared, or an inconclusive test result.</summary>
    public static string Require(string relativePath)
    {
        var root = SharedRoot;
        if (root is null)
        {
            Assert.Inconclusive($"This test reads '../shared/{relativePath}', but ../shared was not found beside the repository ({RepoRoot}). Set PIPEWISE_SHARED or check out shared/ next to the repo.");
        }

        var path = Path.Combine(root!, relativePath);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            Assert.Inconclusive($"This test reads '{path}', which does not exist in ../shared.");
        }

        return path;
    }

    private static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("PIPEWISE_SHARED");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env))
        {
            return Path.GetFullPath(env);
        }

        var candidate = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
        return Directory.Exists(candidate) ? candidate : null;
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Extension.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"Extension.sln not found above {AppContext.BaseDirectory}.");
    }
}
