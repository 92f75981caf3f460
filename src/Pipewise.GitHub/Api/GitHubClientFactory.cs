using System.Net;
using Octokit;
using Octokit.Internal;

namespace Pipewise.GitHub.Api;

/// <summary>Builds an Octokit client on the given API base (api.github.com or GHES <c>https://HOST/api/v3</c>) with Pipewise's HTTP pipeline.</summary>
public static class GitHubClientFactory
{
    public static GitHubClient Create(Uri apiBase, string? token, GitHubApiOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(apiBase);
        options ??= new GitHubApiOptions();
        OctokitAot.Keep();
        var baseWithSlash = apiBase.AbsoluteUri.EndsWith('/') ? apiBase : new Uri(apiBase.AbsoluteUri + "/");
        var version = typeof(GitHubClientFactory).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

        // Connection is built directly: GitHubClient(…, baseAddress) would append /api/v3/ to any host but github.com.
        var http = new HttpClientAdapter(() => new GitHubHttpHandler(
            baseWithSlash,
            token,
            options,
            new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.All }));
        var connection = new Connection(
            new ProductHeaderValue("Pipewise", version),
            baseWithSlash,
            new InMemoryCredentialStore(Credentials.Anonymous),
            http,
            new SimpleJsonSerializer());
        return new GitHubClient(connection);
    }

    /// <summary>
    /// A raw HttpClient on the same pipeline (headers, retries, rate limits) for the few endpoints Octokit lacks,
    /// e.g. reviewing a deployment protection rule. Requests may carry their own bearer token; it is sent to the API host only.
    /// </summary>
    public static HttpClient CreateHttpClient(Uri apiBase, GitHubApiOptions? options = null, HttpMessageHandler? inner = null)
    {
        ArgumentNullException.ThrowIfNull(apiBase);
        var handler = new GitHubHttpHandler(
            apiBase,
            null,
            options ?? new GitHubApiOptions(),
            inner ?? new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.All, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        return new HttpClient(handler) { BaseAddress = apiBase };
    }
}
