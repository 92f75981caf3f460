namespace Pipewise.Agent.Learning;

/// <summary>
/// The Q-table of one scope, stored as <c>agents/&lt;scope&gt;.json</c>. Mutable on purpose: each read-modify-write
/// attempt deserialises a fresh copy. Format version <see cref="CurrentVersion"/>; see docs/agent.md.
/// </summary>
public sealed class QTableDocument
{
    public const int CurrentVersion = 1;

    /// <summary>How many applied run keys are kept for idempotency (oldest dropped first).</summary>
    public const int AppliedKeyLimit = 4096;

    /// <summary>How many recent decisions are kept per pipeline (so that runs finishing out of order find theirs).</summary>
    public const int DecisionsPerPipeline = 64;

    /// <summary>How many deployment decisions may wait for their delayed outcome.</summary>
    public const int PendingDeploymentLimit = 512;

    public int Version { get; set; }

    public string Scope { get; set; } = string.Empty;

    public DateTimeOffset? CreatedAt { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>state key → action id → value and visits.</summary>
    public Dictionary<string, Dictionary<string, QEntry>> States { get; set; } = [];

    /// <summary>pipeline key → its most recent decisions (oldest first), waiting for the next run's reward.</summary>
    public Dictionary<string, List<PendingDecision>> Decisions { get; set; } = [];

    /// <summary>deployment key (pipeline#runId) → the strategy chosen, waiting for the deployment's outcome.</summary>
    public Dictionary<string, PendingDeployment> PendingDeployments { get; set; } = [];

    /// <summary>Run keys (and deploy:… keys) whose reward was applied, oldest first; bounded by <see cref="AppliedKeyLimit"/>.</summary>
    public List<string> AppliedKeys { get; set; } = [];

    public AgentStats Stats { get; set; } = new();

    public static QTableDocument Create(string scope, DateTimeOffset now) => new()
    {
        Version = CurrentVersion,
        Scope = scope,
        CreatedAt = now,
        UpdatedAt = now,
    };
}
