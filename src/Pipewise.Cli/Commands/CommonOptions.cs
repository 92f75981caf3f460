using System.CommandLine;
using Pipewise.Core.Storage;
using Pipewise.Storage;

namespace Pipewise.Cli.Commands;

/// <summary>Options shared by several commands.</summary>
public static class CommonOptions
{
    public static Option<string> Store() => new("--store")
    {
        Description = "Where Pipewise keeps runs, models and agent state: a folder (default ./.pipewise), a file: URI, " +
            "an Azure Storage connection string, a container URL with SAS, or a container URL (uses DefaultAzureCredential). " +
            "Also read from PIPEWISE_STORE.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("PIPEWISE_STORE") is { Length: > 0 } s ? s : StoreFactory.DefaultSpec,
    };

    public static IPipewiseStore OpenStore(string spec) => StoreFactory.Open(spec);
}
