using System.Globalization;
using System.Text.Json;

namespace Pipewise.GateService;

/// <summary>Reads a deployment_protection_rule payload; every missing or malformed field is named.</summary>
internal sealed partial class GateEndpoints
{
    /// <summary>A requested review; <c>DeploymentId</c> is <c>deployment.id</c> (each run attempt deploys anew, so a re-run's deployment is a new review).</summary>
    internal sealed record ProtectionRuleRequest(string Action, string Owner, string Repository, long RunId, string Environment, string? Event, string? Branch, long? InstallationId, long? DeploymentId = null);

    internal static ProtectionRuleRequest ParseProtectionRule(byte[] body)
    {
        using var json = Parse(body);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new GateRequestException("The deployment_protection_rule payload must be a JSON object.");
        }

        var action = OptionalString(root, "action") ?? throw new GateRequestException("Field 'action' is required.");
        if (action != "requested")
        {
            return new ProtectionRuleRequest(action, string.Empty, string.Empty, 0, string.Empty, null, null, null);
        }

        var environment = OptionalString(root, "environment") ?? throw new GateRequestException("Field 'environment' is required.");
        var callback = OptionalString(root, "deployment_callback_url") ?? throw new GateRequestException("Field 'deployment_callback_url' is required.");
        if (!root.TryGetProperty("repository", out var repository) || repository.ValueKind != JsonValueKind.Object)
        {
            throw new GateRequestException("Field 'repository' is required.");
        }

        var name = OptionalString(repository, "name") ?? throw new GateRequestException("Field 'repository.name' is required.");
        var owner = repository.TryGetProperty("owner", out var o) && o.ValueKind == JsonValueKind.Object ? OptionalString(o, "login") : null;
        owner ??= OptionalString(repository, "full_name")?.Split('/')[0] ?? throw new GateRequestException("Field 'repository.owner.login' is required.");

        // The run id comes from the callback URL: …/repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule.
        // The URL itself is never called: the review goes to the configured API base, so a payload cannot redirect the token.
        if (!Uri.TryCreate(callback, UriKind.Absolute, out var uri))
        {
            throw new GateRequestException("Field 'deployment_callback_url': expected an absolute URL.");
        }

        var segments = uri.AbsolutePath.Trim('/').Split('/');
        var n = segments.Length;
        if (n < 7 || segments[n - 1] != "deployment_protection_rule" || segments[n - 3] != "runs" || segments[n - 4] != "actions" || segments[n - 7] != "repos"
            || !long.TryParse(segments[n - 2], NumberStyles.None, CultureInfo.InvariantCulture, out var runId))
        {
            throw new GateRequestException("Field 'deployment_callback_url': expected …/repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule.");
        }

        if (!string.Equals(Uri.UnescapeDataString(segments[n - 6]), owner, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(Uri.UnescapeDataString(segments[n - 5]), name, StringComparison.OrdinalIgnoreCase))
        {
            throw new GateRequestException("Field 'deployment_callback_url' names another repository than field 'repository'.");
        }

        long? installation = null;
        if (root.TryGetProperty("installation", out var inst) && inst.ValueKind == JsonValueKind.Object && inst.TryGetProperty("id", out var id) && id.ValueKind != JsonValueKind.Null)
        {
            installation = id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var i) && i > 0 ? i : throw new GateRequestException("Field 'installation.id': expected a positive whole number.");
        }

        long? deploymentId = null;
        if (root.TryGetProperty("deployment", out var deployment) && deployment.ValueKind == JsonValueKind.Object && deployment.TryGetProperty("id", out var did) && did.ValueKind != JsonValueKind.Null)
        {
            deploymentId = did.ValueKind == JsonValueKind.Number && did.TryGetInt64(out var d) && d > 0 ? d : throw new GateRequestException("Field 'deployment.id': expected a positive whole number.");
        }

        var gitRef = OptionalString(root, "ref");
        var branch = gitRef is not null && gitRef.StartsWith("refs/heads/", StringComparison.Ordinal) ? gitRef["refs/heads/".Length..] : gitRef;
        return new ProtectionRuleRequest(action, owner, name, runId, environment, OptionalString(root, "event"), branch, installation, deploymentId);
    }
}
