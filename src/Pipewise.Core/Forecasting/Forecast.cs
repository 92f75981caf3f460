using Pipewise.Core.Runs;

namespace Pipewise.Core.Forecasting;

/// <summary>What the model expects of the next run of a pipeline, and which model said so.</summary>
public sealed record Forecast
{
    /// <summary>Median expected duration in seconds.</summary>
    public required double DurationP50Seconds { get; init; }

    /// <summary>90th-percentile expected duration in seconds.</summary>
    public required double DurationP90Seconds { get; init; }

    /// <summary>Probability that the run fails (0..1).</summary>
    public required double FailureProbability { get; init; }

    /// <summary>The model that produced this forecast, e.g. <c>bilstm@2026-11-25.1</c> or <c>baseline:ewma</c>.</summary>
    public required string ModelVersion { get; init; }

    /// <summary>The input features that moved the score most (largest first).</summary>
    public IReadOnlyList<FeatureContribution> TopFeatures { get; init; } = [];

    /// <summary>
    /// How unusual an actual duration is against this forecast, in standard deviations of log duration.
    /// The spread comes from the p50–p90 gap (p90 = p50 · e^(1.2816 σ)).
    /// </summary>
    public double AnomalyZ(double actualSeconds)
    {
        if (actualSeconds <= 0 || DurationP50Seconds <= 0)
        {
            return 0;
        }

        var sigma = Math.Max(Math.Log(Math.Max(DurationP90Seconds, DurationP50Seconds * 1.01) / DurationP50Seconds) / 1.2816, 0.05);
        return (Math.Log(actualSeconds) - Math.Log(DurationP50Seconds)) / sigma;
    }
}

/// <summary>A feature and how much it moved the score (signed, in the units of the head it moved).</summary>
public sealed record FeatureContribution(string Feature, double Value, double Effect);

/// <summary>What is known about a run when it starts (nothing measured during it).</summary>
public sealed record RunContext
{
    public string? Event { get; init; }
    public string? Branch { get; init; }
    public bool? IsDefaultBranch { get; init; }
    public bool IsPullRequest { get; init; }
    public DateTimeOffset? StartedAt { get; init; }

    public static RunContext From(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new RunContext
        {
            Event = run.Event,
            Branch = run.Branch,
            IsDefaultBranch = run.IsDefaultBranch,
            IsPullRequest = run.PullRequest is not null || run.Event == "pull_request",
            StartedAt = run.StartedAt ?? run.QueuedAt,
        };
    }
}

/// <summary>Forecasts the next run of a pipeline from its history. Implemented by the Bi-LSTM (ONNX) and the baselines.</summary>
public interface IForecaster
{
    /// <summary>
    /// Forecasts the run described by <paramref name="next"/> from <paramref name="history"/> (oldest first, runs
    /// before it only). Returns null when there is not enough history or no model is available.
    /// </summary>
    Task<Forecast?> ForecastAsync(PipelineKey pipeline, IReadOnlyList<RunRecord> history, RunContext next, CancellationToken cancellationToken = default);
}
