using System.CommandLine;
using Pipewise.Core.Storage;

namespace Pipewise.Cli.Commands;

/// <summary><c>pipewise import --from azure-devops</c>: not in this version yet (ADR 0012 names what is left).</summary>
internal static class AzureDevOpsImport
{
    public static async Task<int> RunAsync(ParseResult parse, ApiImportOptions o, IPipewiseStore store, int parallel, CancellationToken ct)
    {
        _ = (parse, o, store, parallel, ct);
        await Console.Error.WriteLineAsync("pipewise import: --from azure-devops is not available in this version yet; export the builds and use --format csv --map …").ConfigureAwait(false);
        return ExitCodes.UsageError;
    }
}
