namespace Pipewise.AzureDevOps.Rest;

/// <summary>A pull request comment.</summary>
public sealed record Comment
{
    public int Id { get; init; }
    public int? ParentCommentId { get; init; }
    public string? Content { get; init; }
    public CommentType CommentType { get; init; }
    public bool? IsDeleted { get; init; }
    public IdentityRef? Author { get; init; }
}
