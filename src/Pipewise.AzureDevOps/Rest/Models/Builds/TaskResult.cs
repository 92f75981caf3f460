namespace Pipewise.AzureDevOps.Rest;

/// <summary>The result of a timeline record.</summary>
public enum TaskResult { Unknown = 0, Succeeded, SucceededWithIssues, Failed, Canceled, Skipped, Abandoned }
