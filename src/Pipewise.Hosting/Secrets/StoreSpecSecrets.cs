namespace Pipewise.Hosting.Secrets;

/// <summary>
/// The secret parts of a store spec: a connection string or a URL with a query is secret whole, and so are its
/// <c>AccountKey=</c>, <c>SharedAccessSignature=</c> and <c>sig=</c> values (also URL-unescaped) and a URL's
/// user info (<c>https://user:password@…</c>). A folder path holds none.
/// </summary>
internal static class StoreSpecSecrets
{
    private static readonly string[] SecretKeys = ["AccountKey", "SharedAccessSignature", "sig"];

    /// <summary>Values shorter than this are not masked on their own (they would mask ordinary words).</summary>
    private const int MinimumPartLength = 8;

    public static IEnumerable<string> Of(string? spec)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            yield break;
        }

        var value = spec.Trim();
        if (Uri.TryCreate(value, UriKind.Absolute, out var url) && url.UserInfo is { Length: > 0 } userInfo)
        {
            yield return userInfo;
            if (userInfo.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0 && userInfo[(colon + 1)..] is { Length: > 0 } password)
            {
                yield return password;
            }
        }

        if (!value.Contains('=', StringComparison.Ordinal) && !value.Contains('?', StringComparison.Ordinal))
        {
            yield break;
        }

        yield return value;
        foreach (var part in value.Split([';', '&', '?'], StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var secret = eq <= 0 ? string.Empty : part[(eq + 1)..].Trim();
            if (secret.Length < MinimumPartLength || !SecretKeys.Contains(part[..eq].Trim(), StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            yield return secret;
            if (Uri.UnescapeDataString(secret) is var unescaped && unescaped != secret)
            {
                yield return unescaped;
            }
        }
    }
}
