namespace Pipewise.AzureDevOps.Rest;

/// <summary>The result of a finished build (Builds - Get <c>result</c>).</summary>
public enum BuildResult { Unknown = 0, None, Succeeded, PartiallySucceeded, Failed, Canceled }
