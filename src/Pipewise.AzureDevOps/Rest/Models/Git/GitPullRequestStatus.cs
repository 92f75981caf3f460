namespace Pipewise.AzureDevOps.Rest;

/// <summary>A pull request status (Pull Request Statuses - Create).</summary>
public sealed record GitPullRequestStatus
{
    public int? Id { get; init; }
    public int? IterationId { get; init; }
    public GitStatusState State { get; init; }
    public string? Description { get; init; }
    public GitStatusContext? Context { get; init; }
    public string? TargetUrl { get; init; }
}
