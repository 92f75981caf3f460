namespace Pipewise.AzureDevOps.Rest;

/// <summary>The state of a build (Builds - Get <c>status</c>).</summary>
public enum BuildStatus { Unknown = 0, None, InProgress, Completed, Cancelling, Postponed, NotStarted, All }
