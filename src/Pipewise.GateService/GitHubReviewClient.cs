using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Pipewise.GateService;

/// <summary>A call to GitHub failed; the message holds the status and GitHub's own message, never a credential.</summary>
public sealed class GitHubCallbackException(string message, int? status = null, Exception? inner = null) : Exception(message, inner)
{
    public int? Status { get; } = status;
}

/// <summary>
/// Answers a custom deployment protection rule:
/// <c>POST /repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule</c> with
/// <c>{environment_name, state: approved|rejected, comment}</c>. Authenticates with a token, or as a GitHub App
/// (RS256 JWT → installation token, cached until shortly before it expires).
/// </summary>
public sealed class GitHubReviewClient(HttpClient http, GateServiceOptions options, TimeProvider? time = null)
{
    /// <summary>GitHub limits review comments/status reports to 1024 characters.</summary>
    public const int MaxCommentLength = 1024;

    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<long, (string Token, DateTimeOffset Expires)> installationTokens = new();

    public bool CanAuthenticate => options.GitHubToken is not null || (options.GitHubAppId is not null && options.GitHubAppPrivateKey is not null);

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

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.GitHubApiUrl, path))
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

    internal static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private async Task<string> GetTokenAsync(long? installationId, CancellationToken cancellationToken)
    {
        if (options.GitHubAppId is { } appId && options.GitHubAppPrivateKey is { } key && installationId is { } installation)
        {
            if (installationTokens.TryGetValue(installation, out var cached) && cached.Expires - clock.GetUtcNow() > TimeSpan.FromMinutes(5))
            {
                return cached.Token;
            }

            var jwt = CreateAppJwt(appId, key, clock.GetUtcNow());
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.GitHubApiUrl, $"app/installations/{installation.ToString(CultureInfo.InvariantCulture)}/access_tokens"));
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

        return options.GitHubToken ?? throw new GitHubCallbackException(
            $"No GitHub credentials: set {GateServiceOptions.GitHubAppIdVariable} and {GateServiceOptions.GitHubAppPrivateKeyVariable} (GitHub App; the payload must name its installation) or {GateServiceOptions.GitHubTokenVariable}.");
    }

    /// <summary>An RS256 JWT for a GitHub App: issued 60 s in the past (clock drift), valid 9 minutes.</summary>
    internal static string CreateAppJwt(string appId, string privateKeyPem, DateTimeOffset now)
    {
        static string B64(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = B64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}"u8);
        var payload = B64(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{{\"iat\":{now.AddSeconds(-60).ToUnixTimeSeconds()},\"exp\":{now.AddMinutes(9).ToUnixTimeSeconds()},\"iss\":{JsonSerializer.Serialize(appId, GateJsonContext.Default.String)}}}")));
        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(privateKeyPem.Replace("\\n", "\n", StringComparison.Ordinal));
        }
        catch (ArgumentException ex)
        {
            // Never echo the key: name the variable only.
            throw new GitHubCallbackException($"{GateServiceOptions.GitHubAppPrivateKeyVariable} is not a PEM RSA private key.", null, ex);
        }

        var signature = rsa.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return header + "." + payload + "." + B64(signature);
    }

    private static void AddHeaders(HttpRequestMessage request, string bearer)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.TryAddWithoutValidation("X-GitHub-Api-Version", "2022-11-28");
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
            throw new GitHubCallbackException($"GitHub could not be reached at {options.GitHubApiUrl.GetLeftPart(UriPartial.Authority)}: {ex.Message}", null, ex);
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
