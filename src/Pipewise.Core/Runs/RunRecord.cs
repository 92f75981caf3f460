using System.Text.Json.Serialization;

namespace Pipewise.Core.Runs;

/// <summary>
/// One run of one pipeline (a GitHub workflow run attempt, an Azure DevOps build, a Travis build).
/// Schema v1; documented in <c>schema/runrecord.v1.schema.json</c>. Unknown values are null, never 0.
/// Records are immutable and keyed by <see cref="Key"/>.
/// </summary>
public sealed record RunRecord
{
    private readonly IReadOnlyList<JobRecord> jobs = [];
    private readonly int schemaVersion = CurrentSchemaVersion;
    private readonly int attempt = 1;
    public const int CurrentSchemaVersion = 1;

    /// <summary>Schema version; absent (0) is read as version 1.</summary>
    public int SchemaVersion
    {
        get => schemaVersion;
        init => schemaVersion = value == 0 ? CurrentSchemaVersion : value;
    }

    /// <summary>Where the run came from: <c>github</c>, <c>azure-devops</c>, <c>travis</c>, <c>csv</c>, <c>simulated</c>.</summary>
    public required string Provider { get; init; }

    /// <summary>GitHub owner or Azure DevOps organisation.</summary>
    public required string Organization { get; init; }

    /// <summary>Repository (GitHub) or project (Azure DevOps).</summary>
    public required string Repository { get; init; }

    /// <summary>Workflow id / file or build definition id.</summary>
    public required string PipelineId { get; init; }

    public string? PipelineName { get; init; }

    public required string RunId { get; init; }

    /// <summary>1 for the first attempt (absent reads as 1); re-runs have higher attempts.</summary>
    public int Attempt
    {
        get => attempt;
        init => attempt = value == 0 ? 1 : value;
    }

    /// <summary>Human run number (GitHub run_number, Azure DevOps build number when numeric).</summary>
    public long? Number { get; init; }

    /// <summary>
    /// Creation order within the pipeline (Travis build id, GitHub run id, Azure DevOps build id).
    /// When null, the numeric run id or the queue/start time orders the run.
    /// </summary>
    public long? Sequence { get; init; }

    /// <summary>What triggered the run, normalised: push, pull_request, schedule, manual, api, other.</summary>
    public string? Event { get; init; }

    public string? Branch { get; init; }

    public bool? IsDefaultBranch { get; init; }

    public string? Commit { get; init; }

    public int? PullRequest { get; init; }

    public DateTimeOffset? QueuedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>
    /// Measured duration in seconds when the provider reports one directly (Travis reports summed job time);
    /// otherwise null and <see cref="EffectiveDurationSeconds"/> uses the start and finish times.
    /// </summary>
    public double? DurationSeconds { get; init; }

    public RunResult? Result { get; init; }

    public IReadOnlyList<JobRecord> Jobs
    {
        get => jobs;
        init => jobs = value ?? [];
    }

    public TestSummary? Tests { get; init; }

    public IReadOnlyList<ResourceSample>? Resources { get; init; }

    public DeploymentRecord? Deployment { get; init; }

    /// <summary>Free-form provider facts worth keeping (e.g. the Travis language). Never secrets.</summary>
    public IReadOnlyDictionary<string, string>? Properties { get; init; }

    [JsonIgnore]
    public RunKey Key => new(Provider, Organization, Repository, PipelineId, RunId, Attempt);

    [JsonIgnore]
    public PipelineKey Pipeline => new(Provider, Organization, Repository, PipelineId);

    /// <summary>Duration in seconds: the reported one, else finish − start, else null.</summary>
    [JsonIgnore]
    public double? EffectiveDurationSeconds =>
        DurationSeconds ?? (StartedAt is { } s && FinishedAt is { } f && f >= s ? (f - s).TotalSeconds : null);

    /// <summary>Queue time in seconds (queued → started), else null.</summary>
    [JsonIgnore]
    public double? QueueSeconds =>
        QueuedAt is { } q && StartedAt is { } s && s >= q ? (s - q).TotalSeconds : null;

    /// <summary>The value that orders runs of one pipeline in creation order.</summary>
    [JsonIgnore]
    public long OrderValue =>
        Sequence
        ?? (long.TryParse(RunId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : (long?)null)
        ?? (QueuedAt ?? StartedAt)?.ToUnixTimeMilliseconds()
        ?? 0;
}
