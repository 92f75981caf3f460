using Pipewise.Core.Storage;

namespace Pipewise.Storage;

/// <summary>A store spec that is an Azure Storage connection string, with an optional <c>Container=</c> part.</summary>
internal static class ConnectionStringSpec
{
    /// <summary>Text with <c>AccountName=</c>, <c>UseDevelopmentStorage=</c> or <c>BlobEndpoint=</c> is a connection string.</summary>
    public static bool Matches(string spec) =>
        spec.Contains("AccountName=", StringComparison.OrdinalIgnoreCase)
        || spec.Contains("UseDevelopmentStorage=", StringComparison.OrdinalIgnoreCase)
        || spec.Contains("BlobEndpoint=", StringComparison.OrdinalIgnoreCase);

    /// <summary>The connection string without its <c>Container=</c> part, and the container it names (default <see cref="StoreFactory.DefaultContainer"/>).</summary>
    /// <exception cref="ArgumentException">A part is not Key=Value, or the container name is not valid.</exception>
    public static (string ConnectionString, string Container) Split(string spec)
    {
        var container = StoreFactory.DefaultContainer;
        var parts = new List<string>();
        foreach (var part in spec.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && part[..eq].Trim().Equals("Container", StringComparison.OrdinalIgnoreCase))
            {
                container = part[(eq + 1)..].Trim();
                continue;
            }

            if (eq <= 0)
            {
                throw new ArgumentException($"The Azure Storage connection string has a part without 'Key=Value' ('{StoreNames.Truncate(Secrets.Redact(part))}' is masked if secret); expected 'Key=Value' parts separated by ';'.", nameof(spec));
            }

            parts.Add(part);
        }

        try
        {
            BlobStore.ValidateContainerName(container);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"The connection string's Container= part is not valid: {ex.Message}", nameof(spec));
        }

        return (string.Join(';', parts) + ";", container);
    }
}
