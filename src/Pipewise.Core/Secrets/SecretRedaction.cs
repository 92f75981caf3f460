using System.Text.RegularExpressions;

namespace Pipewise.Core.Secrets;

/// <summary>
/// The secret shapes Pipewise knows without being told a value: <c>sig=</c>, <c>AccountKey=</c>,
/// <c>SharedAccessSignature=</c>, <c>AccessKey=</c>, <c>Password=</c> and the like, in any case and with <c>=</c> or
/// <c>:</c> between name and value, and a URL's user info (<c>https://user:password@host</c>). Stateless, so the store (which
/// has no run) and the run's <c>SecretMasker</c> (Pipewise.Hosting, which knows the run's values) share one rule.
/// </summary>
public static partial class SecretRedaction
{
    public const string Mask = "***";

    /// <summary>Masks the values of secret-looking <c>name=value</c> parts of a text.</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        text = UserInfoPattern().Replace(text, m => m.Groups["scheme"].Value + Mask + "@");
        return SecretPattern().Replace(text, m => m.Groups["name"].Value + m.Groups["sep"].Value + Mask);
    }

    /// <summary>A URL for messages: scheme, host, port and path; user info is dropped and a query is hidden.</summary>
    public static string DescribeUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var text = url.GetLeftPart(UriPartial.Path);
        var userInfo = url.UserInfo;
        if (!string.IsNullOrEmpty(userInfo))
        {
            text = text.Replace(userInfo + "@", string.Empty, StringComparison.Ordinal);
        }

        return string.IsNullOrEmpty(url.Query) ? text : text + "?<query hidden>";
    }

    [GeneratedRegex(@"(?<name>sig|signature|AccountKey|SharedAccessSignature|AccessKey|SharedAccessKey|Password|pwd|client_secret)(?<sep>\s*[=:]\s*)[^;&\s""']*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretPattern();

    [GeneratedRegex(@"(?<scheme>\b[a-z][a-z0-9+.\-]*://)[^/@\s?#""']+@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UserInfoPattern();
}
