namespace Pipewise.AzureDevOps.Rest;

/// <summary>The state of a classic release.</summary>
public enum ReleaseStatus { Unknown = 0, Undefined, Draft, Active, Abandoned }
