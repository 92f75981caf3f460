namespace Pipewise.Hosting.CiHosts;

/// <summary>
/// Chooses the CI host: by name, or for <c>auto</c> the first of the CI hosts that detects itself, else the local
/// host (GitVersion's BuildAgentResolver).
/// </summary>
public sealed class CiHostResolver(CiHost local, IReadOnlyList<CiHost> ciHosts)
{
    public const string Auto = "auto";

    /// <summary>Every host name, the local one first (for messages and help).</summary>
    public IReadOnlyList<string> Names => [local.Name, .. ciHosts.Select(h => h.Name)];

    /// <summary>The host called <paramref name="name"/> (<c>auto</c>: the detected one); null for an unknown name.</summary>
    public CiHost? Resolve(string? name)
    {
        var wanted = string.IsNullOrWhiteSpace(name) ? Auto : name.Trim();
        if (string.Equals(wanted, Auto, StringComparison.OrdinalIgnoreCase))
        {
            return ciHosts.FirstOrDefault(h => h.IsDetected) ?? local;
        }

        return ciHosts.Append(local).FirstOrDefault(h => string.Equals(h.Name, wanted, StringComparison.OrdinalIgnoreCase));
    }
}
