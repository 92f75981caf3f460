using System.Diagnostics;

namespace Pipewise.Cli.Tests;

/// <summary>Runs the real pipewise binary (built beside the tests) as a separate process.</summary>
internal static class PipewiseProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Task<Result> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args) =>
        RunAsync(workingDirectory, environment, builtBesideTheTests: false, args);

    /// <summary>
    /// Runs pipewise; <paramref name="builtBesideTheTests"/> runs the pipewise.dll built beside the tests even when
    /// PIPEWISE_TEST_CLI names an installed tool (for what only the JIT-compiled program can be made to do).
    /// </summary>
    public static async Task<Result> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, bool builtBesideTheTests, params string[] args)
    {
        using var process = Start(workingDirectory, environment, builtBesideTheTests, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts pipewise with redirected output and a clean environment; the caller reads, waits and disposes.</summary>
    public static Process Start(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args) =>
        Start(workingDirectory, environment, builtBesideTheTests: false, args);

    private static Process Start(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, bool builtBesideTheTests, string[] args)
    {
        // PIPEWISE_TEST_CLI: an installed pipewise command (e.g. the Native AOT tool that .ci/run packs and installs), so
        // that the same process tests check what users run; by default the pipewise.dll built beside the tests.
        var installed = builtBesideTheTests ? null : Environment.GetEnvironmentVariable("PIPEWISE_TEST_CLI");
        var dll = Path.Combine(AppContext.BaseDirectory, "pipewise.dll");
        var psi = new ProcessStartInfo(installed is { Length: > 0 } ? installed : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (installed is not { Length: > 0 })
        {
            psi.ArgumentList.Add(dll);
        }

        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        // A clean slate: no runner variables leak in from the machine running the tests.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("GITHUB_", StringComparison.Ordinal) || k.StartsWith("INPUT_", StringComparison.Ordinal)
            || (k.StartsWith("PIPEWISE_", StringComparison.Ordinal) && k is not "PIPEWISE_TEST_CLI" and not "PIPEWISE_TRACE") || k is "TF_BUILD" or "SYSTEM_ACCESSTOKEN" or "RUNNER_TEMP").ToList())
        {
            psi.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            psi.Environment[key] = value;
        }

        return Process.Start(psi)!;
    }
}
