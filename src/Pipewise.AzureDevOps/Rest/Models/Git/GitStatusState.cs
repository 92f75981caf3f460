namespace Pipewise.AzureDevOps.Rest;

/// <summary>The state of a pull request status.</summary>
public enum GitStatusState { NotSet = 0, Pending, Succeeded, Failed, Error, NotApplicable }
