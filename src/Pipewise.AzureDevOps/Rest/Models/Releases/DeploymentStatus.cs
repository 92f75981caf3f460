namespace Pipewise.AzureDevOps.Rest;

/// <summary>The state of a deployment.</summary>
public enum DeploymentStatus { Unknown = 0, Undefined, NotDeployed, InProgress, Succeeded, PartiallySucceeded, Failed, All }
