using System.Globalization;

namespace Pipewise.AzureDevOps.Pipelines;

/// <summary>Branch refs, pull request numbers and build reasons the way Pipewise records them.</summary>
public static class AzurePipelinesRefs
{
    /// <summary>Build.Reason → push, pull_request, schedule, manual, api, other.</summary>
    public static string? NormaliseReason(string? reason) => reason?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "individualci" or "batchedci" or "continuousintegration" => "push",
        "pullrequest" => "pull_request",
        "schedule" or "scheduled" => "schedule",
        "manual" or "usercreated" => "manual",
        "resourcetrigger" or "buildcompletion" or "triggered" or "automated" or "redeploytrigger" => "api",
        _ => "other",
    };

    /// <summary>refs/heads/main → main; refs/pull/… stays; null stays null.</summary>
    public static string? ShortBranch(string? reference) =>
        reference is null ? null
        : reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference["refs/heads/".Length..]
        : reference;

    /// <summary>The pull request of a <c>refs/pull/{id}/merge</c> ref (Azure Repos and GitHub PR builds).</summary>
    internal static int? PullRequestFromRef(string? reference)
    {
        if (reference is null || !reference.StartsWith("refs/pull/", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = reference["refs/pull/".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return int.TryParse(slash > 0 ? rest[..slash] : rest, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    /// <summary>The pull request named in a build's trigger info (<c>pr.number</c>).</summary>
    internal static int? PullRequestFromTrigger(IReadOnlyDictionary<string, string>? trigger) =>
        trigger is not null && trigger.TryGetValue("pr.number", out var n) && int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
