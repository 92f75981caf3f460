namespace Pipewise.AzureDevOps.Rest;

/// <summary>The kind of a pull request comment.</summary>
public enum CommentType { Unknown = 0, Text, CodeChange, System }
