namespace Pipewise.AzureDevOps.Rest;

/// <summary>Test outcomes as the Test API spells them (PascalCase on the wire; read case-insensitively).</summary>
public enum TestOutcome
{
    Unknown = 0, Unspecified, None, Passed, Failed, Inconclusive, Timeout, Aborted, Blocked, NotExecuted, Warning,
    Error, NotApplicable, Paused, InProgress, NotImpacted,
}
