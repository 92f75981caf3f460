namespace Pipewise.Core.Assessment;

/// <summary>Settings of the assessment shared by every host.</summary>
public sealed record AssessorOptions
{
    /// <summary>
    /// How many past runs the assessment reads. Default 64: the model's window (32 runs) plus the 30 runs on which the
    /// served forecast judges the model against the simple forecasts, each with the runs before it.
    /// </summary>
    public int HistoryLength { get; init; } = 64;

    /// <summary>How long a pipeline's recent runs are cached between gate requests. Default zero (no cache); the gate service uses 5 s.</summary>
    public TimeSpan HistoryCacheTime { get; init; } = TimeSpan.Zero;

    /// <summary>How many agent decisions are remembered per process, so a gate sampled repeatedly asks the agent once per run. Default 10 000.</summary>
    public int DecisionMemory { get; init; } = 10_000;
}
