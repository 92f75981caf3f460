using System.Text.Json;
using System.Text.Json.Serialization;

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

public sealed class QEntry
{
    public double Q { get; set; }

    public int N { get; set; }
}

public sealed class PendingDecision
{
    public required string RunKey { get; set; }

    public long Order { get; set; }

    public required string State { get; set; }

    public required string Action { get; set; }

    /// <summary>The configuration seen in the run the decision was made on, to detect what was adopted.</summary>
    public required PipelineSnapshot Snapshot { get; set; }

    public DateTimeOffset At { get; set; }
}

public sealed class PendingDeployment
{
    public required string State { get; set; }

    public required string Action { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>The observable configuration of a pipeline, compared between runs to detect adoption.</summary>
public sealed record PipelineSnapshot
{
    public bool Cache { get; init; }
    public int TestJobs { get; init; } = 1;
    public bool Shallow { get; init; }
    public int RunnerSize { get; init; } = 2;
    public bool PathFiltered { get; init; }
    public bool CancelsSuperseded { get; init; }
    public bool Timeout { get; init; }
    public bool Retry { get; init; }
}

public sealed class AgentStats
{
    public long Steps { get; set; }

    public long Explorations { get; set; }

    public long RewardsApplied { get; set; }

    public double RewardSum { get; set; }

    public long DeploymentRewardsApplied { get; set; }

    public double DeploymentRewardSum { get; set; }

    public long DuplicateRunsIgnored { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(QTableDocument))]
internal sealed partial class QTableJsonContext : JsonSerializerContext;

/// <summary>The Q-table document cannot be used: corrupt, of a future version, or structurally wrong.</summary>
public sealed class QTableProblemException(string path, string problem) : Exception($"Q-table '{path}' {problem}")
{
    public string DocumentPath { get; } = path;
}

public static class QTableJson
{
    public static System.Text.Json.Serialization.Metadata.JsonTypeInfo<QTableDocument> TypeInfo => QTableJsonContext.Default.QTableDocument;

    public static byte[] Serialize(QTableDocument document) => JsonSerializer.SerializeToUtf8Bytes(document, TypeInfo);

    /// <summary>Parses and checks a stored document. Throws <see cref="QTableProblemException"/> with a clear message.</summary>
    public static QTableDocument Parse(ReadOnlySpan<byte> content, string path)
    {
        QTableDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize(content, TypeInfo);
        }
        catch (JsonException ex)
        {
            throw new QTableProblemException(path, $"is corrupt: not valid Q-table JSON at {ex.Path ?? "$"} ({FirstSentence(ex.Message)}). It was left unchanged; inspect it, or archive and clear it with `pipewise agent reset`.");
        }

        return Check(doc, path);
    }

    public static QTableDocument Check(QTableDocument? doc, string path)
    {
        if (doc is null)
        {
            throw new QTableProblemException(path, "is corrupt: the document is JSON null. It was left unchanged; archive and clear it with `pipewise agent reset`.");
        }

        if (doc.Version > QTableDocument.CurrentVersion)
        {
            throw new QTableProblemException(path, $"has format version {doc.Version}, newer than this Pipewise understands ({QTableDocument.CurrentVersion}). It was left unchanged; upgrade Pipewise.");
        }

        if (doc.Version < 1)
        {
            throw new QTableProblemException(path, "is corrupt: field 'version' is missing or not a positive integer. It was left unchanged; archive and clear it with `pipewise agent reset`.");
        }

        if (doc.States is null || doc.Decisions is null || doc.AppliedKeys is null || doc.PendingDeployments is null || doc.Stats is null)
        {
            throw new QTableProblemException(path, "is corrupt: one of 'states', 'decisions', 'pendingDeployments', 'appliedKeys', 'stats' is null. It was left unchanged; archive and clear it with `pipewise agent reset`.");
        }

        foreach (var (state, actions) in doc.States)
        {
            if (actions is null)
            {
                throw new QTableProblemException(path, $"is corrupt: field 'states.{state}' is null. It was left unchanged.");
            }

            foreach (var (action, entry) in actions)
            {
                if (entry is null || !double.IsFinite(entry.Q) || entry.N < 0)
                {
                    throw new QTableProblemException(path, $"is corrupt: field 'states.{state}.{action}' is not an object with a finite 'q' and a non-negative 'n'. It was left unchanged.");
                }
            }
        }

        return doc;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
