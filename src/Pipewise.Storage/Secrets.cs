using System.Text.RegularExpressions;

namespace Pipewise.Storage;

/// <summary>Removes SAS signatures, account keys and similar secrets from text meant for messages.</summary>
public static partial class Secrets
{
    public const string Mask = "***";

    /// <summary>Masks <c>sig=</c>, <c>AccountKey=</c>, <c>SharedAccessSignature=</c>, <c>AccessKey=</c>, <c>Password=</c> values.</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        return SecretPattern().Replace(text, m => m.Groups["name"].Value + "=" + Mask);
    }

    /// <summary>A URL for messages: scheme, host, port and path; the query (which may hold a SAS) is dropped.</summary>
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

    [GeneratedRegex(@"(?<name>sig|signature|AccountKey|SharedAccessSignature|AccessKey|SharedAccessKey|Password|pwd|client_secret)\s*=\s*[^;&\s""']*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretPattern();
}
