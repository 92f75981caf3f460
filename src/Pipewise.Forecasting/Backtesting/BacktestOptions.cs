using Pipewise.Forecasting.Model;

namespace Pipewise.Forecasting.Backtesting;

/// <summary>How a backtest (and a training run) splits and trains.</summary>
public sealed record BacktestOptions
{
    public int? MaxPipelines { get; init; }
    public int Seed { get; init; } = 42;
    public int MinRuns { get; init; } = 50;
    public double TrainFraction { get; init; } = 0.8;

    /// <summary>The last part of each pipeline's training runs used for early stopping and the F1 threshold.</summary>
    public double ValidationFraction { get; init; } = 0.15;

    /// <summary>
    /// Share of pipelines held out entirely (EVALUATION.md §1.7): the model trains on the other pipelines only and is
    /// scored on the held-out pipelines' test parts. 0 (default) holds none out.
    /// </summary>
    public double UnseenFraction { get; init; }

    public bool FastTree { get; init; } = true;
    public int FastTreeRows { get; init; } = 200_000;
    public TrainingOptions Training { get; init; } = new();

    /// <summary>Version written into a trained model's manifest.</summary>
    public string? Version { get; init; }

    /// <summary>Where the data came from (for the manifest).</summary>
    public string? DataDescription { get; init; }

    public string? Command { get; init; }
}
