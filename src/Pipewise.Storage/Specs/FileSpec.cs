namespace Pipewise.Storage;

/// <summary>A store spec that is a <c>file:</c> URI of a local folder.</summary>
internal static class FileSpec
{
    /// <summary>The folder of a <c>file:</c> spec: an absolute file URI or a relative <c>file:folder</c>.</summary>
    /// <exception cref="ArgumentException">The spec names no folder.</exception>
    public static string PathOf(string spec)
    {
        if (Uri.TryCreate(spec, UriKind.Absolute, out var uri) && uri.IsFile)
        {
            return uri.LocalPath;
        }

        // Relative forms such as 'file:.pipewise' or 'file:data/store'.
        var path = spec["file:".Length..];
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("Store spec 'file:' names no folder; expected e.g. 'file:///var/pipewise' or 'file:.pipewise'.", nameof(spec));
        }

        return Uri.UnescapeDataString(path);
    }
}
