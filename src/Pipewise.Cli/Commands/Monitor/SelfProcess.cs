namespace Pipewise.Cli.Commands;

/// <summary>The running pipewise program, to start it again as a child process.</summary>
internal static class SelfProcess
{
    /// <summary>How to start this program again: the apphost / tool shim itself, or `dotnet pipewise.dll`.</summary>
    public static (string Exe, string[] Prefix) Command()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("the path of the running program is unknown");
        var name = Path.GetFileNameWithoutExtension(process);
        if (string.Equals(name, "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            // Running as `dotnet pipewise.dll`: the entry assembly sits beside the app (AppContext.BaseDirectory also works single-file).
            var dll = Path.Combine(AppContext.BaseDirectory, "pipewise.dll");
            return (process, [dll]);
        }

        return (process, []);
    }
}
