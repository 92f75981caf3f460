namespace Pipewise.AzureDevOps.Rest;

/// <summary>A pull request comment thread.</summary>
public sealed record CommentThread
{
    public int Id { get; init; }
    public CommentThreadStatus Status { get; init; }
    public bool? IsDeleted { get; init; }
    public IReadOnlyList<Comment> Comments { get; init; } = [];
}
