namespace Pipewise.Core.Runs;

/// <summary>Identifies a pipeline: provider, organisation, repository/project and pipeline id.</summary>
public readonly record struct PipelineKey(string Provider, string Organization, string Repository, string PipelineId)
{
    /// <summary>The canonical text form, <c>provider/org/repo/pipeline</c>, with each part percent-escaped.</summary>
    public override string ToString() =>
        string.Join('/', KeyEscaping.Escape(Provider), KeyEscaping.Escape(Organization), KeyEscaping.Escape(Repository), KeyEscaping.Escape(PipelineId));

    /// <summary>Parses the text form written by <see cref="ToString"/>.</summary>
    public static PipelineKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length != 4 || parts.Any(string.IsNullOrEmpty))
        {
            throw new FormatException($"Pipeline key '{text}' is not of the form provider/org/repo/pipeline.");
        }

        return new PipelineKey(KeyEscaping.Unescape(parts[0]), KeyEscaping.Unescape(parts[1]), KeyEscaping.Unescape(parts[2]), KeyEscaping.Unescape(parts[3]));
    }

    public static bool TryParse(string text, out PipelineKey key)
    {
        try
        {
            key = Parse(text);
            return true;
        }
        catch (FormatException)
        {
            key = default;
            return false;
        }
    }
}
