namespace Pipewise.Core.Agent;

/// <summary>What a pipeline's history shows (see <see cref="IPipelineInsights"/>).</summary>
public sealed record PipelineInsight
{
    public static PipelineInsight None { get; } = new();

    /// <summary>The tuning suggestions the history proves (never "no change", never a deployment strategy).</summary>
    public IReadOnlyList<Suggestion> Suggestions { get; init; } = [];

    /// <summary>The evidence of a lasting duration regression (a change point), or null.</summary>
    public string? Regression { get; init; }

    /// <summary>Failed first attempts that were re-run (same run or same commit) and how many of those passed.</summary>
    public int RerunFailures { get; init; }

    /// <summary>Failed attempts whose re-run passed: intermittent failures.</summary>
    public int IntermittentFailures { get; init; }

    /// <summary>Total estimated saving of <see cref="Suggestions"/> per run, in seconds.</summary>
    public double SavingSecondsPerRun => Suggestions.Sum(s => s.ExpectedSavingSeconds ?? 0);
}
