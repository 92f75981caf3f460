namespace Pipewise.AzureDevOps.Pipelines;

/// <summary>The free-form properties of a collected run: only values that say something are kept.</summary>
internal static class RunProperties
{
    public static void AddIf(Dictionary<string, string> properties, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            properties[key] = value;
        }
    }
}
