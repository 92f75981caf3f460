using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Pipewise.Cli;

/// <summary>
/// The tool's <c>pipewise</c> is a Native AOT program (it starts in a fraction of the time a JIT-compiled one
/// takes: docs/adrs/0008-tool-packaging.md). What needs run-time code generation is handed over, with the same
/// arguments, standard streams and exit code, to the framework-dependent <c>pipewise.dll</c> shipped beside it:
/// ML.NET's training and its FastTree baseline (train, backtest, simulate, demo). Everything else runs here, <c>run</c>
/// on every host included. <c>PIPEWISE_JIT=1</c> hands every command over (a way around a fault that only the Native
/// AOT program has, until a fixed release).
/// </summary>
internal static class NativeDispatch
{
    /// <summary>The JIT-compiled assembly beside the Native AOT program.</summary>
    public const string JitAssembly = "pipewise.dll";

    /// <summary>Commands that need ML.NET (run-time code generation), by their first word.</summary>
    public static readonly IReadOnlySet<string> JitCommands = new HashSet<string>(StringComparer.Ordinal) { "train", "backtest", "simulate", "demo" };

    /// <summary>Commands that score runs with the forecasting model, by their first word: their process starts ONNX
    /// Runtime on another thread while it reads its settings and the store (<c>OnnxRuntimeStartup.StartWarmUp</c>).</summary>
    public static readonly IReadOnlySet<string> ModelCommands = new HashSet<string>(StringComparer.Ordinal) { "run", "gate", "report" };

    /// <summary>True in the Native AOT program (no run-time code generation).</summary>
    public static bool IsNative => !RuntimeFeature.IsDynamicCodeSupported;

    /// <summary>Set to 1 to run every command with the JIT-compiled pipewise.dll.</summary>
    public const string JitVariable = "PIPEWISE_JIT";

    /// <summary>Whether <paramref name="args"/> name a command that the JIT-compiled pipewise must run.</summary>
    public static bool NeedsJit(IReadOnlyList<string> args, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        environment ??= Environment.GetEnvironmentVariable;
        if (environment(JitVariable) == "1")
        {
            return true;
        }

        return CommandOf(args) is { } command && JitCommands.Contains(command);
    }

    /// <summary>Whether <paramref name="args"/> name a command that loads the forecasting model (help aside).</summary>
    public static bool LoadsModel(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return CommandOf(args) is { } command && ModelCommands.Contains(command) && !args.Any(a => a is "--help" or "-h" or "-?");
    }

    /// <summary>The command's first word: the first argument that is not an option.</summary>
    private static string? CommandOf(IReadOnlyList<string> args) => args.FirstOrDefault(a => !a.StartsWith('-'));

    /// <summary>Runs <c>dotnet pipewise.dll args</c> with this process's streams and returns its exit code.</summary>
    public static async Task<int> ForwardAsync(IReadOnlyList<string> args, string baseDirectory, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        var dll = Path.Combine(baseDirectory, JitAssembly);
        if (!File.Exists(dll))
        {
            await error.WriteLineAsync($"pipewise: '{CommandOf(args) ?? "pipewise"}' needs the JIT-compiled part of the tool ({JitAssembly}), which is not beside pipewise in {baseDirectory}; reinstall the tool.").ConfigureAwait(false);
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
