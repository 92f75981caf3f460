namespace Pipewise.Forecasting.Model;

/// <summary>Training settings; the defaults are what models/default was trained with.</summary>
public sealed record TrainingOptions
{
    public int HiddenSize { get; init; } = 32;
    public int Layers { get; init; } = 1;
    public int HeadHidden { get; init; } = 32;
    public int History { get; init; } = 32;
    public int Epochs { get; init; } = 20;
    public double LearningRate { get; init; } = 2e-3;
    public int BatchSize { get; init; } = 64;
    public int Seed { get; init; } = 42;
    public int Patience { get; init; } = 3;

    /// <summary>Windows sampled per epoch (all when the training set is smaller).</summary>
    public int WindowsPerEpoch { get; init; } = 60_000;

    /// <summary>Validation windows evaluated after each epoch (a fixed sample).</summary>
    public int MaxValidationWindows { get; init; } = 20_000;

    public float FailureWeight { get; init; } = 1f;

    /// <summary>
    /// Weights each window's duration loss by its scale (e^centre, relative to the training mean, clamped to
    /// [0.1, 10]), so that the log-space pinball loss approximates absolute error in seconds, which WAPE measures.
    /// </summary>
    public bool ScaleWeighting { get; init; } = true;
    public double ClipNorm { get; init; } = 5;

    /// <summary>Worker threads for one mini-batch; results do not depend on it.</summary>
    public int Threads { get; init; } = Math.Min(2, Environment.ProcessorCount);
}
