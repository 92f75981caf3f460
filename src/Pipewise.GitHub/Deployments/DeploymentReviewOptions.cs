namespace Pipewise.GitHub.Deployments;

/// <summary>Where and how <see cref="DeploymentReviewClient"/> authenticates. Never printed.</summary>
public sealed record DeploymentReviewOptions
{
    /// <summary>GitHub REST API base URL (api.github.com or GHES <c>https://HOST/api/v3/</c>).</summary>
    public required Uri ApiUrl { get; init; }

    /// <summary>A token used instead of App authentication.</summary>
    public string? Token { get; init; }

    public string? AppId { get; init; }

    /// <summary>The GitHub App private key (PEM, PKCS#1 or PKCS#8).</summary>
    public string? AppPrivateKey { get; init; }

    /// <summary>What to tell the user when no credential is configured (which settings to set).</summary>
    public string CredentialsHint { get; init; } = "configure a GitHub App (id and private key; the payload must name its installation) or a token.";

    public override string ToString() =>
        $"DeploymentReviewOptions {{ API: {ApiUrl}, auth: {(AppId is not null && AppPrivateKey is not null ? "app" : Token is not null ? "token" : "none")} }}";
}
