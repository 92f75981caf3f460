namespace Pipewise.AzureDevOps.Rest;

/// <summary>The state of a timeline record (stage, job or task).</summary>
public enum TimelineRecordState { Unknown = 0, Pending, InProgress, Completed }
