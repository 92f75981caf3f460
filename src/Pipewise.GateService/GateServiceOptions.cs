using Pipewise.Core.Gate;
using Pipewise.GitHub.Deployments;

namespace Pipewise.GateService;

/// <summary>
/// Settings of the gate service. Secrets come from the environment only (<see cref="FromEnvironment"/>), never from
/// command-line arguments; <see cref="ToString"/> never prints them.
/// </summary>
public sealed record GateServiceOptions
{
    public const string WebhookSecretVariable = "PIPEWISE_GITHUB_WEBHOOK_SECRET";
    public const string GateKeyVariable = "PIPEWISE_GATE_KEY";
    public const string GitHubAppIdVariable = "PIPEWISE_GITHUB_APP_ID";
    public const string GitHubAppPrivateKeyVariable = "PIPEWISE_GITHUB_APP_PRIVATE_KEY";
    public const string GitHubTokenVariable = "PIPEWISE_GITHUB_TOKEN";
    public const string GitHubApiUrlVariable = "PIPEWISE_GITHUB_API_URL";
    public const string DashboardTokenVariable = "PIPEWISE_DASHBOARD_TOKEN";
    public const string DashboardVariable = "PIPEWISE_DASHBOARD";
    public const string CollectPostStatusVariable = "PIPEWISE_COLLECT_POST_STATUS";
    public const string AzureDevOpsHookSecretVariable = "PIPEWISE_AZURE_DEVOPS_HOOK_SECRET";
    public const string AzureDevOpsOrganizationUrlVariable = "PIPEWISE_AZURE_DEVOPS_ORG_URL";
    public const string AzureDevOpsTokenVariable = "PIPEWISE_AZURE_DEVOPS_TOKEN";

    /// <summary>The GitHub App webhook secret (X-Hub-Signature-256). Without it every webhook is refused.</summary>
    public string? GitHubWebhookSecret { get; init; }

    /// <summary>The shared key Azure DevOps sends in <c>X-Pipewise-Key</c>. Without it the Azure DevOps gate is refused.</summary>
    public string? GateKey { get; init; }

    public string? GitHubAppId { get; init; }

    /// <summary>The GitHub App private key (PEM, PKCS#1 or PKCS#8).</summary>
    public string? GitHubAppPrivateKey { get; init; }

    /// <summary>A token used instead of App authentication (tests, single-repository setups).</summary>
    public string? GitHubToken { get; init; }

    /// <summary>GitHub REST API base URL; default https://api.github.com/.</summary>
    public Uri GitHubApiUrl { get; init; } = new("https://api.github.com/");

    /// <summary>
    /// The token that opens <c>/dashboard</c> and <c>/metrics</c> (HTTP Basic with the token as password, or
    /// <c>Authorization: Bearer</c>). Without it those pages are served only while every bound address is loopback.
    /// </summary>
    public string? DashboardToken { get; init; }

    /// <summary>Read the fleet for the overview as the service starts (the <c>pipewise-gate</c> program sets it; hosts in tests do not).</summary>
    public bool ReadFleetAtStart { get; init; }

    /// <summary><c>PIPEWISE_DASHBOARD=off</c> turns the dashboard and <c>/metrics</c> off (404) whatever the binding.</summary>
    public bool DashboardEnabled { get; init; } = true;

    /// <summary>The gate policy (thresholds, mode, fail-open/closed).</summary>
    public GatePolicyOptions Policy { get; init; } = new();

    /// <summary>How many earlier runs the assessment reads: the same default as every host (<see cref="Pipewise.Core.Assessment.AssessorOptions.HistoryLength"/>, 64).</summary>
    public int HistoryLength { get; init; } = new Pipewise.Core.Assessment.AssessorOptions().HistoryLength;

    /// <summary>How long a pipeline's recent runs are cached between requests. Default 5 s; zero disables.</summary>
    public TimeSpan HistoryCacheTime { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest accepted request body. Default 1 MiB (protection-rule payloads are a few KB).</summary>
    public long MaxBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>Time limit of one request, including the GitHub callback. Default 10 s (GitHub's webhook timeout).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the store calls of one request may take together: three fifths of <see cref="RequestTimeout"/>, leaving
    /// time for scoring and the GitHub review. Past it the request gets the policy's fail-open answer.
    /// </summary>
    public TimeSpan StoreBudget => TimeSpan.FromTicks(RequestTimeout.Ticks * 3 / 5);

    /// <summary>How many delivery ids and reviewed runs are remembered to refuse replays. Default 10 000.</summary>
    public int ReplayMemory { get; init; } = 10_000;

    /// <summary>
    /// How often the background maintenance compacts the verdicts this instance wrote (ADR 0015). Default 30 s;
    /// zero turns the maintenance off (verdicts are still stored, one document each, and read correctly).
    /// </summary>
    public TimeSpan MaintenanceInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often the maintenance also sweeps the whole store: compacts every pipeline's leftover verdict entries (of
    /// instances that stopped) and deletes replay documents older than <see cref="ReplayRetention"/>. Default 1 h; the
    /// first sweep runs one maintenance interval after the start.
    /// </summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long replay documents are kept. Default 7 days, longer than GitHub redelivers a delivery (3 days on GitHub.com, 7 on Enterprise Server).</summary>
    public TimeSpan ReplayRetention { get; init; } = ReplayGuard.DefaultRetention;

    /// <summary>Webhook collection (ADR 0012): post the <c>pipewise/risk</c> commit status of a collected run, as the step would. Default false.</summary>
    public bool CollectPostStatus { get; init; }

    /// <summary>The password (basic auth) Azure DevOps service hooks send to the collection endpoint. Without it they are refused.</summary>
    public string? AzureDevOpsHookSecret { get; init; }

    /// <summary>The organization (collection) URL builds are read from for service-hook collection; the payload's own URLs are never called.</summary>
    public Uri? AzureDevOpsOrganizationUrl { get; init; }

    /// <summary>A personal access token (Build: read, Test: read) for service-hook collection.</summary>
    public string? AzureDevOpsToken { get; init; }

    /// <summary>Reads the secrets and the API URL from environment variables (the only place secrets come from).</summary>
    public static GateServiceOptions FromEnvironment(Func<string, string?>? read = null, GatePolicyOptions? policy = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        static string? Clean(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();
        var options = new GateServiceOptions
        {
            GitHubWebhookSecret = Clean(read(WebhookSecretVariable)),
            GateKey = Clean(read(GateKeyVariable)),
            GitHubAppId = Clean(read(GitHubAppIdVariable)),
            GitHubAppPrivateKey = Clean(read(GitHubAppPrivateKeyVariable)),
            GitHubToken = Clean(read(GitHubTokenVariable)),
            DashboardToken = Clean(read(DashboardTokenVariable)),
            DashboardEnabled = Clean(read(DashboardVariable))?.ToLowerInvariant() switch
            {
                null or "on" or "true" or "1" => true,
                "off" or "false" or "0" => false,
                _ => throw new ArgumentException($"{DashboardVariable} must be on or off."),
            },
            CollectPostStatus = string.Equals(Clean(read(CollectPostStatusVariable)), "true", StringComparison.OrdinalIgnoreCase),
            AzureDevOpsHookSecret = Clean(read(AzureDevOpsHookSecretVariable)),
            AzureDevOpsToken = Clean(read(AzureDevOpsTokenVariable)),
            Policy = policy ?? new GatePolicyOptions(),
        };
        if (Clean(read(GitHubApiUrlVariable)) is { } api)
        {
            if (!Uri.TryCreate(api.EndsWith('/') ? api : api + "/", UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw new ArgumentException($"{GitHubApiUrlVariable} must be an absolute http(s) URL.");
            }

            options = options with { GitHubApiUrl = uri };
        }

        if (Clean(read(AzureDevOpsOrganizationUrlVariable)) is { } org)
        {
            if (!Uri.TryCreate(org.EndsWith('/') ? org : org + "/", UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw new ArgumentException($"{AzureDevOpsOrganizationUrlVariable} must be an absolute http(s) URL, e.g. https://dev.azure.com/fabrikam/.");
            }

            options = options with { AzureDevOpsOrganizationUrl = uri };
        }

        return options;
    }

    /// <summary>The credentials of the GitHub deployment review client.</summary>
    public DeploymentReviewOptions ReviewOptions() => new()
    {
        ApiUrl = GitHubApiUrl,
        Token = GitHubToken,
        AppId = GitHubAppId,
        AppPrivateKey = GitHubAppPrivateKey,
        CredentialsHint = $"set {GitHubAppIdVariable} and {GitHubAppPrivateKeyVariable} (GitHub App; the payload must name its installation) or {GitHubTokenVariable}.",
    };

    /// <summary>Describes the configuration without any secret value.</summary>
    public override string ToString() =>
        $"GateServiceOptions {{ webhook secret: {(GitHubWebhookSecret is null ? "unset" : "set")}, gate key: {(GateKey is null ? "unset" : "set")}, " +
        $"GitHub auth: {(GitHubAppId is not null && GitHubAppPrivateKey is not null ? "app" : GitHubToken is not null ? "token" : "none")}, API: {GitHubApiUrl}, mode: {GatePolicyFile.ModeName(Policy.Mode)} }}";
}
