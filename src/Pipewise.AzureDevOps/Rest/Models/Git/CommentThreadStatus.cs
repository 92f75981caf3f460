namespace Pipewise.AzureDevOps.Rest;

/// <summary>The state of a pull request comment thread.</summary>
public enum CommentThreadStatus { Unknown = 0, Active, Fixed, WontFix, Closed, ByDesign, Pending }
