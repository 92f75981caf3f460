namespace Pipewise.Core.Assessment;

/// <summary>Settings of the assessment shared by every host.</summary>
public sealed record AssessorOptions
{
    /// <summary>How many past runs the forecaster reads (T). Default 32.</summary>
    public int HistoryLength { get; init; } = 32;

    /// <summary>How long a pipeline's recent runs are cached between gate requests. Default zero (no cache); the gate service uses 5 s.</summary>
    public TimeSpan HistoryCacheTime { get; init; } = TimeSpan.Zero;

    /// <summary>How many agent decisions are remembered per process, so a gate sampled repeatedly asks the agent once per run. Default 10 000.</summary>
    public int DecisionMemory { get; init; } = 10_000;
}
