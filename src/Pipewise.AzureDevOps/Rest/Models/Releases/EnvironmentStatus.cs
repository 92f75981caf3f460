namespace Pipewise.AzureDevOps.Rest;

/// <summary>The state of a release environment (stage).</summary>
public enum EnvironmentStatus { Unknown = 0, Undefined, NotStarted, InProgress, Succeeded, Canceled, Rejected, Queued, Scheduled, PartiallySucceeded }
