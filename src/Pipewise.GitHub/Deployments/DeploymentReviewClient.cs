using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Pipewise.GitHub.Deployments;

/// <summary>
/// Answers a custom deployment protection rule:
/// <c>POST /repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule</c> with
/// <c>{environment_name, state: approved|rejected, comment}</c>. Authenticates with a token, or as a GitHub App
/// (RS256 JWT → installation token, cached until shortly before it expires).
/// </summary>
public sealed class DeploymentReviewClient(HttpClient http, DeploymentReviewOptions options, TimeProvider time)
{
    /// <summary>GitHub limits review comments/status reports to 1024 characters.</summary>
    public const int MaxCommentLength = 1024;

    private readonly TimeProvider clock = time;
    private readonly ConcurrentDictionary<long, (string Token, DateTimeOffset Expires)> installationTokens = new();

    public bool CanAuthenticate => options.Token is not null || (options.AppId is not null && options.AppPrivateKey is not null);

    public async Task ReviewAsync(string owner, string repo, long runId, string environment, bool approve, string comment, long? installationId, CancellationToken cancellationToken)
    {
        var token = await GetTokenAsync(installationId, cancellationToken).ConfigureAwait(false);
        var path = $"repos/{Uri.EscapeDataString(owner)}/{Uri.EscapeDataString(repo)}/actions/runs/{runId.ToString(CultureInfo.InvariantCulture)}/deployment_protection_rule";
        using var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("environment_name", environment);
            writer.WriteString("state", approve ? "approved" : "rejected");
            writer.WriteString("comment", Truncate(comment, MaxCommentLength));
            writer.WriteEndObject();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.ApiUrl, path))
        {
            Content = new ByteArrayContent(body.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        AddHeaders(request, token);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new GitHubCallbackException(
                $"GitHub refused the deployment review ({(int)response.StatusCode}): {await ReadMessageAsync(response, cancellationToken).ConfigureAwait(false)}",
                (int)response.StatusCode);
        }
    }

    /// <summary>
    /// The token this client calls GitHub with: an installation token of the App for <paramref name="installationId"/>
    /// (cached until 5 minutes before it expires), else the configured token. Used by the webhook collection to read runs.
    /// </summary>
    /// <exception cref="GitHubCallbackException">No credentials, or GitHub refused the installation token.</exception>
    public Task<string> TokenAsync(long? installationId, CancellationToken cancellationToken) => GetTokenAsync(installationId, cancellationToken);

    public static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private async Task<string> GetTokenAsync(long? installationId, CancellationToken cancellationToken)
    {
        if (options.AppId is { } appId && options.AppPrivateKey is { } key && installationId is { } installation)
        {
            if (installationTokens.TryGetValue(installation, out var cached) && cached.Expires - clock.GetUtcNow() > TimeSpan.FromMinutes(5))
            {
                return cached.Token;
            }

            var jwt = CreateAppJwt(appId, key, clock.GetUtcNow());
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.ApiUrl, $"app/installations/{installation.ToString(CultureInfo.InvariantCulture)}/access_tokens"));
            AddHeaders(request, jwt);
            using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new GitHubCallbackException(
                    $"GitHub refused an installation token for installation {installation} ({(int)response.StatusCode}): {await ReadMessageAsync(response, cancellationToken).ConfigureAwait(false)}",
                    (int)response.StatusCode);
            }

            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), default, cancellationToken).ConfigureAwait(false);
            var token = json.RootElement.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : throw new GitHubCallbackException("GitHub's installation token response has no token.");
            var expires = json.RootElement.TryGetProperty("expires_at", out var e) && e.TryGetDateTimeOffset(out var at) ? at : clock.GetUtcNow().AddMinutes(30);
            installationTokens[installation] = (token, expires);
            return token;
        }

        return options.Token ?? throw new GitHubCallbackException(
            $"No GitHub credentials: {options.CredentialsHint}");
    }

    /// <summary>An RS256 JWT for a GitHub App: issued 60 s in the past (clock drift), valid 9 minutes.</summary>
    internal static string CreateAppJwt(string appId, string privateKeyPem, DateTimeOffset now)
    {
        static string B64(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = B64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}"u8);
        var payload = B64(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{{\"iat\":{now.AddSeconds(-60).ToUnixTimeSeconds()},\"exp\":{now.AddMinutes(9).ToUnixTimeSeconds()},\"iss\":{Quote(appId)}}}")));
        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(privateKeyPem.Replace("\\n", "\n", StringComparison.Ordinal));
        }
        catch (ArgumentException ex)
        {
            // Never echo the key: name the variable only.
            throw new GitHubCallbackException("The GitHub App private key is not a PEM RSA private key.", null, ex);
        }

        var signature = rsa.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return header + "." + payload + "." + B64(signature);
    }

    private static string Quote(string text)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStringValue(text);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void AddHeaders(HttpRequestMessage request, string bearer)
    {
        // Accept and X-GitHub-Api-Version come from the shared GitHub HTTP pipeline.
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Pipewise-Gate", "0.1"));
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new GitHubCallbackException($"GitHub could not be reached at {options.ApiUrl.GetLeftPart(UriPartial.Authority)}: {ex.Message}", null, ex);
        }
    }

    private static async Task<string> ReadMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
            {
                return Truncate(m.GetString()!, 300);
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through to the raw text.
        }

        return Truncate(text, 300);
    }
}
