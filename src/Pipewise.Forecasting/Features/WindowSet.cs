namespace Pipewise.Forecasting.Features;

/// <summary>
/// Windows over pipeline histories, built on demand: window k predicts run <c>Targets[k].Index</c> of pipeline
/// <c>Targets[k].Pipeline</c> from the runs before it plus that run's start context only.
/// </summary>
public sealed class WindowSet(IReadOnlyList<PipelineHistory> pipelines, IReadOnlyList<(int Pipeline, int Index)> targets, int historyLength)
{
    public IReadOnlyList<PipelineHistory> Pipelines { get; } = pipelines;

    public IReadOnlyList<(int Pipeline, int Index)> Targets { get; } = targets;

    public int HistoryLength { get; } = historyLength;

    public int Count => Targets.Count;

    public int WindowSize => (HistoryLength + 1) * FeatureSchema.Count;

    /// <summary>Writes window <paramref name="k"/> and returns its anchors, the target's log duration and outcome.</summary>
    public (WindowAnchors Anchors, float LogDuration, bool Failed) Fill(int k, Span<float> destination, Normalization? normalization)
    {
        var (p, i) = Targets[k];
        var runs = Pipelines[p].Runs;
        var target = runs[i];
        var anchors = WindowBuilder.Build(runs.AsSpan(0, i), target.ContextOnly(), HistoryLength, destination, normalization);
        return (anchors, (float)target.LogDuration, target.Failed);
    }

    public RunFacts Target(int k) => Pipelines[Targets[k].Pipeline].Runs[Targets[k].Index];

    public ReadOnlySpan<RunFacts> History(int k) => Pipelines[Targets[k].Pipeline].Runs.AsSpan(0, Targets[k].Index);

    /// <summary>Fits the normalisation on (a sample of) the windows.</summary>
    public Normalization FitNormalization(int maxWindows, int seed)
    {
        var random = new Random(seed);
        var count = Math.Min(maxWindows, Count);
        var picks = Count <= maxWindows ? Enumerable.Range(0, Count) : Enumerable.Range(0, count).Select(_ => random.Next(Count));
        return Normalization.Fit(picks.Select(k =>
        {
            var buffer = new float[WindowSize];
            Fill(k, buffer, null);
            return buffer;
        }));
    }
}
