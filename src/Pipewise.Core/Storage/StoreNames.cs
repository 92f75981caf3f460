namespace Pipewise.Core.Storage;

/// <summary>
/// The store layout every <see cref="IPipewiseStore"/> follows (see docs/adrs/0002-store-layout.md): where run
/// records and their key markers live (<c>StoreNames.Runs.cs</c>), which document paths are valid
/// (<c>StoreNames.Documents.cs</c>) and how the model registry is named (<c>StoreNames.Models.cs</c>).
/// </summary>
public static partial class StoreNames
{
    /// <summary>Shortens a user-given name for an error message.</summary>
    public static string Truncate(string value) => value.Length <= 120 ? value : value[..120] + "…";

    private static void Require(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"Run key field '{field}' must be a non-empty string.", field);
        }
    }
}
