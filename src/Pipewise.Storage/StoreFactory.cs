using Pipewise.Core.Storage;

namespace Pipewise.Storage;

/// <summary>
/// Opens a store from a user-given spec: a folder path or <c>file:</c> URI (local folder, the default),
/// an Azure Storage connection string, a container URL with a SAS, or a container URL (DefaultAzureCredential).
/// </summary>
public static class StoreFactory
{
    /// <summary>The default store folder when none is given.</summary>
    public const string DefaultSpec = ".pipewise";

    public static IPipewiseStore Open(string? spec) =>
        throw new NotImplementedException("StoreFactory.Open is being written (issue 2).");
}
