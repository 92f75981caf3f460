using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Pipewise.Cli;

/// <summary>
/// The tool's <c>pipewise</c> is a Native AOT program (it starts in a fraction of the time a JIT-compiled one
/// takes: docs/adrs/0008-tool-packaging.md). What needs run-time code generation or unrestricted reflection is
/// handed over, with the same arguments, standard streams and exit code, to the framework-dependent
/// <c>pipewise.dll</c> shipped beside it: ML.NET's training and its FastTree baseline (train, backtest, simulate,
/// demo), and <c>run</c> on the GitHub Actions host, whose Octokit client reads its models by reflection that Native
/// AOT does not fully support (PIPEWISE_NATIVE_GITHUB=1 runs it natively, to test that). Everything else runs here.
/// </summary>
internal static class NativeDispatch
{
    /// <summary>The JIT-compiled assembly beside the Native AOT program.</summary>
    public const string JitAssembly = "pipewise.dll";

    /// <summary>Commands that need ML.NET (run-time code generation), by their first word.</summary>
    public static readonly IReadOnlySet<string> JitCommands = new HashSet<string>(StringComparer.Ordinal) { "train", "backtest", "simulate", "demo" };

    /// <summary>True in the Native AOT program (no run-time code generation).</summary>
    public static bool IsNative => !RuntimeFeature.IsDynamicCodeSupported;

    /// <summary>Set to 1 to run <c>run</c> on the GitHub Actions host natively (to test Octokit under Native AOT).</summary>
    public const string NativeGitHubVariable = "PIPEWISE_NATIVE_GITHUB";

    /// <summary>Whether <paramref name="args"/> name a command that the JIT-compiled pipewise must run.</summary>
    public static bool NeedsJit(IReadOnlyList<string> args, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        environment ??= Environment.GetEnvironmentVariable;
        var command = CommandOf(args);
        if (command is null)
        {
            return false;
        }

        if (JitCommands.Contains(command))
        {
            return true;
        }

        return command == "run" && environment(NativeGitHubVariable) != "1" && HostOf(args, environment) == "github";
    }

    /// <summary>The command's first word: the first argument that is not an option.</summary>
    private static string? CommandOf(IReadOnlyList<string> args) => args.FirstOrDefault(a => !a.StartsWith('-'));

    /// <summary>The host <c>run</c> picks: <c>--host</c> (or <c>--host=</c>), else GitHub Actions when GITHUB_ACTIONS=true.</summary>
    private static string HostOf(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        string? host = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--host" && i + 1 < args.Count)
            {
                host = args[i + 1];
            }
            else if (args[i].StartsWith("--host=", StringComparison.Ordinal))
            {
                host = args[i]["--host=".Length..];
            }
        }

        host = host?.Trim().ToLowerInvariant();
        return host is null or "" or "auto"
            ? environment("GITHUB_ACTIONS") == "true" ? "github" : "other"
            : host;
    }

    /// <summary>Runs <c>dotnet pipewise.dll args</c> with this process's streams and returns its exit code.</summary>
    public static async Task<int> ForwardAsync(IReadOnlyList<string> args, string baseDirectory, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        var dll = Path.Combine(baseDirectory, JitAssembly);
        if (!File.Exists(dll))
        {
            await error.WriteLineAsync($"pipewise: '{CommandOf(args)}' needs the JIT-compiled part of the tool ({JitAssembly}), which is not beside pipewise in {baseDirectory}; reinstall the tool.").ConfigureAwait(false);
            return Core.Assessment.ExitCodes.InternalErrorFailClosed;
        }

        var host = DotnetHost.Path();
        var info = new ProcessStartInfo(host) { UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            await error.WriteLineAsync($"pipewise: could not start '{host} {JitAssembly}' for '{CommandOf(args)}' (the .NET 10 runtime is needed for it): {ex.Message}").ConfigureAwait(false);
            return Core.Assessment.ExitCodes.InternalErrorFailClosed;
        }

        // Ctrl+C reaches the child too (same console); this process waits for it to finish.
        Console.CancelKeyPress += (_, e) => e.Cancel = true;
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        return process.ExitCode;
    }
}
