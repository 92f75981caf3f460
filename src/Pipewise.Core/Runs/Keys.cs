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

/// <summary>Identifies one run attempt; storing the same key twice keeps one record.</summary>
public readonly record struct RunKey(string Provider, string Organization, string Repository, string PipelineId, string RunId, int Attempt)
{
    public PipelineKey Pipeline => new(Provider, Organization, Repository, PipelineId);

    public override string ToString() => $"{Pipeline}#{RunId}.{Attempt}";
}

/// <summary>Escapes key parts so that they are safe as one path segment in a folder or a blob name.</summary>
public static class KeyEscaping
{
    public static string Escape(string part)
    {
        ArgumentNullException.ThrowIfNull(part);
        var sb = new System.Text.StringBuilder(part.Length);
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(part))
        {
            var c = (char)b;
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' || (c == '.' && sb.Length > 0))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    public static string Unescape(string part) => Uri.UnescapeDataString(part);
}
