using System.CommandLine;
using System.Diagnostics;

namespace Pipewise.Cli.Commands;

/// <summary>
/// <c>pipewise serve</c>: starts the gate service, which is its own program (<c>pipewise-gate</c>, the only part of
/// Pipewise that needs the ASP.NET Core runtime), with the same arguments, and relays its exit code.
/// </summary>
public static class ServeCommand
{
    public const string Name = "serve";

    /// <summary>Names a pipewise-gate program (an apphost or a .dll) to start instead of the one shipped beside pipewise.</summary>
    public const string GatePathVariable = "PIPEWISE_GATE";

    public static Command Create()
    {
        var command = new Command(Name, "Start the gate service (the pipewise-gate program shipped beside pipewise; needs the ASP.NET Core runtime). Every argument is passed on: run 'pipewise serve --help' for its options (--store, --urls, --policy, --mode, thresholds, --model).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction((parse, ct) => ForwardAsync([.. parse.UnmatchedTokens], ct));
        return command;
    }

    /// <summary>Runs pipewise-gate with <paramref name="arguments"/>; 2 with a clear message when it cannot be found or started.</summary>
    public static async Task<int> ForwardAsync(IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var configured = Environment.GetEnvironmentVariable(GatePathVariable);
        if (Locate(configured, AppContext.BaseDirectory) is not { } start)
        {
            var where = configured is { Length: > 0 } ? $"at {configured} ({GatePathVariable})" : $"beside pipewise in {AppContext.BaseDirectory}";
            await Console.Error.WriteLineAsync($"pipewise serve: the gate service (pipewise-gate) was not found {where}; set {GatePathVariable} to its path, or run it with 'dotnet run --project src/Pipewise.GateService -- <options>'.").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        var info = new ProcessStartInfo(start.FileName) { UseShellExecute = false };
        foreach (var argument in start.Prefix.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            await Console.Error.WriteLineAsync($"pipewise serve: could not start {start.FileName}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        try
        {
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return process.ExitCode;
    }

    /// <summary>How to start pipewise-gate: the variable's path (an apphost or a .dll), else pipewise-gate.dll beside pipewise.</summary>
    internal static (string FileName, IReadOnlyList<string> Prefix)? Locate(string? configured, string baseDirectory)
    {
        if (configured is { Length: > 0 })
        {
            return File.Exists(configured)
                ? configured.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? (Pipewise.Cli.DotnetHost.Path(), [configured]) : (configured, [])
                : null;
        }

        // The .dll is what runs; its apphost (when shipped) is only a shortcut to it.
        var dll = Path.Combine(baseDirectory, "pipewise-gate.dll");
        return File.Exists(dll) ? (Pipewise.Cli.DotnetHost.Path(), [dll]) : null;
    }

}
