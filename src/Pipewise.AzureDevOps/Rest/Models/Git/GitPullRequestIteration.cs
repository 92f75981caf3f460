namespace Pipewise.AzureDevOps.Rest;

/// <summary>An iteration (push) of a pull request.</summary>
public sealed record GitPullRequestIteration
{
    public int Id { get; init; }
    public DateTimeOffset? CreatedDate { get; init; }
}
