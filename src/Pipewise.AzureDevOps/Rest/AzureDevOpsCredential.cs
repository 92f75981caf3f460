using System.Net.Http.Headers;
using System.Text;

namespace Pipewise.AzureDevOps.Rest;

/// <summary>A credential. <see cref="ToString"/> never shows the secret.</summary>
public sealed class AzureDevOpsCredential
{
    public AzureDevOpsCredential(string token, AzureDevOpsAuthScheme scheme)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        Token = token.Trim();
        Scheme = scheme;
    }

    public string Token { get; }

    public AzureDevOpsAuthScheme Scheme { get; }

    /// <summary>
    /// Picks the scheme for a token whose kind was not stated: job tokens are JWTs (three dot-separated parts),
    /// personal access tokens are not. <paramref name="declared"/> ("bearer", "oauth", "pat", "basic") wins when given.
    /// </summary>
    public static AzureDevOpsCredential Detect(string token, string? declared = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        var scheme = declared?.Trim().ToLowerInvariant() switch
        {
            "bearer" or "oauth" or "jobtoken" or "job-token" => AzureDevOpsAuthScheme.JobToken,
            "pat" or "basic" => AzureDevOpsAuthScheme.PersonalAccessToken,
            _ => token.Trim().Split('.').Length == 3 ? AzureDevOpsAuthScheme.JobToken : AzureDevOpsAuthScheme.PersonalAccessToken,
        };
        return new AzureDevOpsCredential(token, scheme);
    }

    public AuthenticationHeaderValue ToHeader() => Scheme == AzureDevOpsAuthScheme.JobToken
        ? new AuthenticationHeaderValue("Bearer", Token)
        : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + Token)));

    /// <summary>A name for messages: "the job token" or "the personal access token".</summary>
    public string Description => Scheme == AzureDevOpsAuthScheme.JobToken ? "the job token (System.AccessToken)" : "the personal access token";

    public override string ToString() => $"{Description} (redacted)";

    /// <summary>Removes the secret (and its Basic form) from a text that might echo it.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = text.Replace(Token, "***", StringComparison.Ordinal);
        var basic = ToHeader().Parameter;
        return string.IsNullOrEmpty(basic) ? result : result.Replace(basic, "***", StringComparison.Ordinal);
    }
}
