using System.Collections;
using System.CommandLine;
using Pipewise.Core.Storage;
using Pipewise.Hosting.Settings;
using Pipewise.Storage;

namespace Pipewise.Cli.Commands;

/// <summary>Options shared by several commands.</summary>
public static class CommonOptions
{
    public static Option<string> Store() => new("--store")
    {
        Description = "Where Pipewise keeps runs, models and agent state: a folder (default ./.pipewise), a file: URI, " +
            "an Azure Storage connection string, a container URL with SAS, or a container URL (uses DefaultAzureCredential). " +
            "Also read from INPUT_STORE (the action or task input), then PIPEWISE_STORE.",
        DefaultValueFactory = _ => new SettingsResolver(ProcessEnvironment()).Get("store") ?? StoreFactory.DefaultSpec,
    };

    /// <summary>The process environment as a dictionary (what the settings and the CI hosts read).</summary>
    public static Dictionary<string, string?> ProcessEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);

    public static IPipewiseStore OpenStore(string spec) => StoreFactory.Open(spec);
}
