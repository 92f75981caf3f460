using System.Text.RegularExpressions;

namespace Pipewise.Hosting.Secrets;

/// <summary>
/// The secret parts of a store spec, valid or not: a connection string or a URL with a query is secret whole, and so
/// are its <c>AccountKey</c>, <c>SharedAccessSignature</c> and <c>sig</c> values (any case, <c>=</c> or <c>:</c> between
/// name and value, also URL-unescaped) and a URL's user info and password (<c>scheme://user:password@…</c>, even when
/// the rest is no valid URL). A folder path holds none. Each part is its own secret, so a runner that masks only whole
/// registered values (GitHub's <c>::add-mask::</c>) also hides a fragment quoted alone.
/// </summary>
internal static partial class StoreSpecSecrets
{
    /// <summary>Values shorter than this are not masked on their own (they would mask ordinary words).</summary>
    private const int MinimumPartLength = 8;

    public static IEnumerable<string> Of(string? spec)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            return [];
        }

        var value = spec.Trim();
        var parts = new List<string>();
        foreach (Match m in UserInfo().Matches(value))
        {
            var info = m.Groups["info"].Value;
            parts.Add(info);
            if (info.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0)
            {
                parts.Add(info[(colon + 1)..]);
            }
        }

        var keyed = SharedAccessSignature().Matches(value).Concat(KeyOrSignature().Matches(value)).Select(m => m.Groups["value"].Value.Trim()).ToList();
        parts.AddRange(keyed);

        var secrets = new List<string>();
        if (keyed.Count > 0 || value.Contains('=', StringComparison.Ordinal) || value.Contains('?', StringComparison.Ordinal))
        {
            secrets.Add(value);
        }

        foreach (var part in parts.Where(p => p.Length >= MinimumPartLength))
        {
            secrets.Add(part);
            if (Unescape(part) is var unescaped && unescaped != part)
            {
                secrets.Add(unescaped);
            }
        }

        return secrets.Distinct(StringComparer.Ordinal);
    }

    private static string Unescape(string value)
    {
        try
        {
            return Uri.UnescapeDataString(value);
        }
        catch (UriFormatException)
        {
            return value;
        }
    }

    /// <summary>A SAS runs to the next <c>;</c>; an account key or a signature to the next <c>;</c> or <c>&amp;</c>.</summary>
    [GeneratedRegex(@"SharedAccessSignature\s*[=:]\s*(?<value>[^;\s""']+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SharedAccessSignature();

    [GeneratedRegex(@"(?:AccountKey|sig)\s*[=:]\s*(?<value>[^;&\s""']+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyOrSignature();

    [GeneratedRegex(@"[a-z][a-z0-9+.\-]*://(?<info>[^/@\s?#""']+)@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();
}
