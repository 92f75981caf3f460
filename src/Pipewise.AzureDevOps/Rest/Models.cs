using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipewise.AzureDevOps.Rest;

// Typed models for the parts of the Azure DevOps REST API (7.1) that Pipewise uses. Property names follow the
// REST field names, so that the official Microsoft.TeamFoundationServer.Client types map one to one.
// Enums read case-insensitively; unknown values read as Unknown; "0001-01-01" dates read as null.

/// <summary>A list response: <c>{"count": N, "value": [...]}</c>, plus the continuation token header when paged.</summary>
public sealed record ListResponse<T>
{
    public int Count { get; init; }
    public IReadOnlyList<T> Value { get; init; } = [];
}

public enum BuildStatus { Unknown = 0, None, InProgress, Completed, Cancelling, Postponed, NotStarted, All }

public enum BuildResult { Unknown = 0, None, Succeeded, PartiallySucceeded, Failed, Canceled }

public enum TimelineRecordState { Unknown = 0, Pending, InProgress, Completed }

public enum TaskResult { Unknown = 0, Succeeded, SucceededWithIssues, Failed, Canceled, Skipped, Abandoned }

public sealed record ProjectReference
{
    public string? Id { get; init; }
    public string? Name { get; init; }
}

public sealed record DefinitionReference
{
    public int Id { get; init; }
    public string? Name { get; init; }
    public string? Path { get; init; }
    public ProjectReference? Project { get; init; }
}

public sealed record BuildRepository
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? Type { get; init; }
}

public sealed record AgentPoolQueue
{
    public int? Id { get; init; }
    public string? Name { get; init; }
}

public sealed record Build
{
    public int Id { get; init; }
    public string? BuildNumber { get; init; }
    public string? Uri { get; init; }
    public BuildStatus Status { get; init; }
    public BuildResult Result { get; init; }
    public DateTimeOffset? QueueTime { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? FinishTime { get; init; }
    public string? Reason { get; init; }
    public string? SourceBranch { get; init; }
    public string? SourceVersion { get; init; }
    public DefinitionReference? Definition { get; init; }
    public ProjectReference? Project { get; init; }
    public BuildRepository? Repository { get; init; }
    public AgentPoolQueue? Queue { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
    public IReadOnlyDictionary<string, string>? TriggerInfo { get; init; }

    [JsonPropertyName("_links")]
    public JsonElement? Links { get; init; }

    /// <summary>The web page of the build (<c>_links.web.href</c>), when given.</summary>
    [JsonIgnore]
    public string? WebUrl =>
        Links is { ValueKind: JsonValueKind.Object } links
        && links.TryGetProperty("web", out var web) && web.ValueKind == JsonValueKind.Object
        && web.TryGetProperty("href", out var href) && href.ValueKind == JsonValueKind.String
            ? href.GetString()
            : null;
}

public sealed record TimelineReference
{
    public string? Id { get; init; }
    public int? ChangeId { get; init; }
    public string? Url { get; init; }
}

public sealed record TimelineRecord
{
    public string? Id { get; init; }
    public string? ParentId { get; init; }
    public string? Type { get; init; }
    public string? Name { get; init; }
    public string? Identifier { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? FinishTime { get; init; }
    public TimelineRecordState State { get; init; }
    public TaskResult? Result { get; init; }
    public string? WorkerName { get; init; }
    public int? Order { get; init; }
    public int? Attempt { get; init; }
    public int? ErrorCount { get; init; }
    public int? WarningCount { get; init; }
    public TimelineReference? Details { get; init; }
}

public sealed record Timeline
{
    public string? Id { get; init; }
    public int? ChangeId { get; init; }
    public IReadOnlyList<TimelineRecord> Records { get; init; } = [];
}

public sealed record ShallowReference
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? Url { get; init; }
}

public sealed record TestRun
{
    public int Id { get; init; }
    public string? Name { get; init; }
    public string? State { get; init; }
    public bool? IsAutomated { get; init; }
    public DateTimeOffset? StartedDate { get; init; }
    public DateTimeOffset? CompletedDate { get; init; }
    public int? TotalTests { get; init; }
    public int? PassedTests { get; init; }
    public int? IncompleteTests { get; init; }
    public int? NotApplicableTests { get; init; }
    public int? UnanalyzedTests { get; init; }
    public ShallowReference? Build { get; init; }
}

/// <summary>Test outcomes as the Test API spells them (PascalCase on the wire; read case-insensitively).</summary>
public enum TestOutcome
{
    Unknown = 0, Unspecified, None, Passed, Failed, Inconclusive, Timeout, Aborted, Blocked, NotExecuted, Warning,
    Error, NotApplicable, Paused, InProgress, NotImpacted,
}

public sealed record TestCaseResult
{
    public int Id { get; init; }
    public TestOutcome Outcome { get; init; }
    public double? DurationInMs { get; init; }
    public string? AutomatedTestName { get; init; }
    public string? TestCaseTitle { get; init; }
    public DateTimeOffset? StartedDate { get; init; }
    public DateTimeOffset? CompletedDate { get; init; }
}

public enum ReleaseStatus { Unknown = 0, Undefined, Draft, Active, Abandoned }

public enum EnvironmentStatus { Unknown = 0, Undefined, NotStarted, InProgress, Succeeded, Canceled, Rejected, Queued, Scheduled, PartiallySucceeded }

public enum DeploymentStatus { Unknown = 0, Undefined, NotDeployed, InProgress, Succeeded, PartiallySucceeded, Failed, All }

public sealed record ReleaseDefinitionReference
{
    public int Id { get; init; }
    public string? Name { get; init; }
}

public sealed record ReleaseEnvironmentReference
{
    public int Id { get; init; }
    public string? Name { get; init; }
}

public sealed record ReleaseReference
{
    public int Id { get; init; }
    public string? Name { get; init; }
}

public sealed record DeploymentJob
{
    public ReleaseTask? Job { get; init; }
    public IReadOnlyList<ReleaseTask> Tasks { get; init; } = [];
}

public sealed record ReleaseTask
{
    public int? Id { get; init; }
    public string? Name { get; init; }
    public string? Status { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? FinishTime { get; init; }
    public int? Rank { get; init; }
    public string? AgentName { get; init; }
}

public sealed record ReleaseDeployPhase
{
    public string? Name { get; init; }
    public string? Status { get; init; }
    public IReadOnlyList<DeploymentJob> DeploymentJobs { get; init; } = [];
}

public sealed record DeploymentAttempt
{
    public int? Attempt { get; init; }
    public int? DeploymentId { get; init; }
    public DeploymentStatus Status { get; init; }
    public DateTimeOffset? QueuedOn { get; init; }
    public DateTimeOffset? LastModifiedOn { get; init; }
    public IReadOnlyList<ReleaseDeployPhase> ReleaseDeployPhases { get; init; } = [];
}

public sealed record ReleaseEnvironment
{
    public int Id { get; init; }
    public string? Name { get; init; }
    public EnvironmentStatus Status { get; init; }
    public int? Rank { get; init; }
    public int? DefinitionEnvironmentId { get; init; }
    public DateTimeOffset? CreatedOn { get; init; }
    public DateTimeOffset? ModifiedOn { get; init; }
    public double? TimeToDeploy { get; init; }
    public IReadOnlyList<DeploymentAttempt> DeploySteps { get; init; } = [];
}

public sealed record Release
{
    public int Id { get; init; }
    public string? Name { get; init; }
    public ReleaseStatus Status { get; init; }
    public string? Reason { get; init; }
    public DateTimeOffset? CreatedOn { get; init; }
    public DateTimeOffset? ModifiedOn { get; init; }
    public ReleaseDefinitionReference? ReleaseDefinition { get; init; }
    public IReadOnlyList<ReleaseEnvironment> Environments { get; init; } = [];
}

public sealed record Deployment
{
    public int Id { get; init; }
    public ReleaseReference? Release { get; init; }
    public ReleaseDefinitionReference? ReleaseDefinition { get; init; }
    public ReleaseEnvironmentReference? ReleaseEnvironment { get; init; }
    public int? DefinitionEnvironmentId { get; init; }
    public int? Attempt { get; init; }
    public string? Reason { get; init; }
    public DeploymentStatus DeploymentStatus { get; init; }
    public string? OperationStatus { get; init; }
    public DateTimeOffset? QueuedOn { get; init; }
    public DateTimeOffset? StartedOn { get; init; }
    public DateTimeOffset? CompletedOn { get; init; }
    public DateTimeOffset? LastModifiedOn { get; init; }
}

public enum GitStatusState { NotSet = 0, Pending, Succeeded, Failed, Error, NotApplicable }

public sealed record GitStatusContext
{
    public required string Name { get; init; }
    public string? Genre { get; init; }
}

public sealed record GitPullRequestStatus
{
    public int? Id { get; init; }
    public int? IterationId { get; init; }
    public GitStatusState State { get; init; }
    public string? Description { get; init; }
    public GitStatusContext? Context { get; init; }
    public string? TargetUrl { get; init; }
}

public sealed record GitPullRequestIteration
{
    public int Id { get; init; }
    public DateTimeOffset? CreatedDate { get; init; }
}

public enum CommentThreadStatus { Unknown = 0, Active, Fixed, WontFix, Closed, ByDesign, Pending }

public enum CommentType { Unknown = 0, Text, CodeChange, System }

public sealed record Comment
{
    public int Id { get; init; }
    public int? ParentCommentId { get; init; }
    public string? Content { get; init; }
    public CommentType CommentType { get; init; }
    public bool? IsDeleted { get; init; }
}

public sealed record CommentThread
{
    public int Id { get; init; }
    public CommentThreadStatus Status { get; init; }
    public bool? IsDeleted { get; init; }
    public IReadOnlyList<Comment> Comments { get; init; } = [];
}
