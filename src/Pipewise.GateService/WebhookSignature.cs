using System.Security.Cryptography;
using System.Text;

namespace Pipewise.GateService;

/// <summary>GitHub webhook signatures: <c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256 of the raw body&gt;</c>.</summary>
public static class WebhookSignature
{
    public const string HeaderName = "X-Hub-Signature-256";
    private const string Prefix = "sha256=";

    /// <summary>The header value GitHub would send for <paramref name="body"/>.</summary>
    public static string Sign(ReadOnlySpan<byte> body, string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
    }

    /// <summary>
    /// Checks a signature header against the raw body in constant time (for a well-formed header). False for a
    /// missing, malformed or wrong signature, or an empty secret.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> body, string? header, string? secret)
    {
        if (string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(header))
        {
            return false;
        }

        var value = header.Trim();
        if (!value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || value.Length != Prefix.Length + 64)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[32];
        try
        {
            if (Convert.FromHexString(value.AsSpan(Prefix.Length), given, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
            {
                return false;
            }
        }
        catch (FormatException)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>Compares two secrets in constant time (hashing first, so lengths leak nothing either).</summary>
    public static bool SecretEquals(string? given, string? expected)
    {
        if (string.IsNullOrEmpty(given) || string.IsNullOrEmpty(expected))
        {
            return false;
        }

        var a = SHA256.HashData(Encoding.UTF8.GetBytes(given));
        var b = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}
