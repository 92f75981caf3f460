namespace Pipewise.Cli;

/// <summary>
/// The <c>dotnet</c> host that starts a framework-dependent part of Pipewise (<c>pipewise.dll</c> for the commands
/// the Native AOT tool hands over, <c>pipewise-gate.dll</c> for <c>pipewise serve</c>).
/// </summary>
internal static class DotnetHost
{
    /// <summary>
    /// The running host when this is <c>dotnet pipewise.dll</c>; else <c>DOTNET_HOST_PATH</c>, then
    /// <c>$DOTNET_ROOT_&lt;ARCH&gt;/dotnet</c> or <c>$DOTNET_ROOT/dotnet</c>, then <c>dotnet</c> from the PATH.
    /// </summary>
    public static string Path(Func<string, string?>? environment = null, string? processPath = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        processPath ??= Environment.ProcessPath;
        var exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (processPath is not null && System.IO.Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return processPath;
        }

        if (environment("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        foreach (var root in new[] { environment(ArchitectureRootVariable()), environment("DOTNET_ROOT") })
        {
            if (root is { Length: > 0 } && System.IO.Path.Combine(root, exe) is var candidate && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return "dotnet";
    }

    private static string ArchitectureRootVariable() =>
        "DOTNET_ROOT_" + System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString().ToUpperInvariant();
}
