namespace Pipewise.Core.Storage;

/// <summary>The model registry's names: <c>models/&lt;name&gt;/&lt;version&gt;/&lt;file&gt;</c> and <c>models/&lt;name&gt;/current</c>.</summary>
public static partial class StoreNames
{
    public const string ModelsRoot = "models/";

    /// <summary>Model names, versions and file names: one segment of letters, digits, '.', '-', '_'.</summary>
    public static string ValidateModelSegment(string value, string field)
    {
        ArgumentNullException.ThrowIfNull(value, field);
        if (value.Length is 0 or > 128 || value[0] == '.' || value.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')))
        {
            throw new ArgumentException($"Model {field} '{Truncate(value)}' is not valid: expected 1-128 letters, digits, '.', '-' or '_', not starting with '.'.", field);
        }

        if (field == "version" && value == "current")
        {
            throw new ArgumentException("Model version 'current' is reserved for the current-version pointer.", field);
        }

        return value;
    }

    public static string ModelFilePath(string model, string version, string file) =>
        $"{ModelsRoot}{ValidateModelSegment(model, "name")}/{ValidateModelSegment(version, "version")}/{ValidateModelSegment(file, "file")}";

    public static string ModelCurrentPath(string model) => $"{ModelsRoot}{ValidateModelSegment(model, "name")}/current";

    /// <summary>The folder (ending in '/') that holds one stored version's files; its names are not validated.</summary>
    public static string ModelVersionPrefix(string model, string version) => $"{ModelsRoot}{model}/{version}/";
}
