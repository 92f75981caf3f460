using Pipewise.Core.Forecasting;
using Pipewise.Core.Runs;
using Pipewise.Forecasting.Features;

namespace Pipewise.Forecasting.Scoring;

/// <summary>The Bi-LSTM forecaster: features from the last runs, scored by ONNX Runtime.</summary>
public sealed class OnnxForecaster(OnnxScorer scorer, int minimumHistory = 3) : IForecaster, IDisposable
{
    private static readonly (int Feature, string Name)[] OccludedHistory =
    [
        (FeatureSchema.Failed, "failed"),
        (FeatureSchema.LogDurationRel, "log_duration_rel"),
        (FeatureSchema.TestFailedFraction, "test_failed_fraction"),
        (FeatureSchema.LogGapHours, "log_gap_hours"),
    ];

    private static readonly (int Feature, string Name)[] OccludedTarget =
    [
        (FeatureSchema.EventPullRequest, "event_pull_request"),
        (FeatureSchema.DefaultBranch, "default_branch"),
        (FeatureSchema.LogGapHours, "log_gap_hours"),
        (FeatureSchema.HourSin, "hour_sin"),
    ];

    public OnnxScorer Scorer { get; } = scorer ?? throw new ArgumentNullException(nameof(scorer));

    public string ModelVersion => Scorer.Manifest.ModelVersion;

    /// <summary>How many of the last history runs are occluded for <see cref="Forecast.TopFeatures"/>.</summary>
    public int ExplainRuns { get; init; } = 3;

    public Task<Forecast?> ForecastAsync(PipelineKey pipeline, IReadOnlyList<RunRecord> history, RunContext next, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(next);
        var facts = history.Where(RunFacts.IsUsable).OrderBy(r => r.OrderValue).Select(RunFacts.From).ToArray();
        return Task.FromResult(Forecast(facts, RunFacts.FromContext(next)));
    }

    /// <summary>Forecast from run facts (history oldest first, usable runs only).</summary>
    public Forecast? Forecast(ReadOnlySpan<RunFacts> history, RunFacts next)
    {
        if (history.Length < minimumHistory)
        {
            return null;
        }

        const int F = FeatureSchema.Count;
        var size = Scorer.WindowSize;
        var used = Math.Min(history.Length, Scorer.Manifest.History);
        var explainRuns = Math.Min(ExplainRuns, used);
        var variants = 1 + (explainRuns * OccludedHistory.Length) + OccludedTarget.Length;
        var windows = new float[variants * size];
        var centers = new float[variants];
        var center = WindowBuilder.Build(history, next.ContextOnly(), Scorer.Manifest.History, windows.AsSpan(0, size), Scorer.Manifest.Normalization);
        var names = new List<(string Name, double Value)>();
        var v = 1;
        var steps = Scorer.Steps;
        for (var r = 0; r < explainRuns; r++)
        {
            var step = steps - 2 - r;
            foreach (var (feature, name) in OccludedHistory)
            {
                var w = windows.AsSpan(v * size, size);
                windows.AsSpan(0, size).CopyTo(w);
                var raw = Raw(w[(step * F) + feature], feature);
                w[(step * F) + feature] = 0; // the training mean
                names.Add(($"run[-{r + 1}].{name}", raw));
                v++;
            }
        }

        foreach (var (feature, name) in OccludedTarget)
        {
            var w = windows.AsSpan(v * size, size);
            windows.AsSpan(0, size).CopyTo(w);
            var raw = Raw(w[((steps - 1) * F) + feature], feature);
            w[((steps - 1) * F) + feature] = 0;
            names.Add(($"next.{name}", raw));
            v++;
        }

        Array.Fill(centers, center);
        var scores = Scorer.Score(windows, centers, variants);
        var baseScore = scores[0];
        var top = names
            .Select((n, i) => new FeatureContribution(n.Name, Math.Round(n.Value, 4), (double)baseScore.Failure - scores[i + 1].Failure))
            .Where(c => c.Effect != 0)
            .OrderByDescending(c => Math.Abs(c.Effect))
            .Take(5)
            .Select(c => c with { Effect = Math.Round(c.Effect, 6) })
            .ToArray();
        var p50 = Math.Exp(baseScore.P50Log);
        var p90 = Math.Max(p50, Math.Exp(baseScore.P90Log));
        return new Forecast
        {
            DurationP50Seconds = p50,
            DurationP90Seconds = p90,
            FailureProbability = Math.Clamp(baseScore.Failure, 0, 1),
            ModelVersion = ModelVersion,
            TopFeatures = top,
        };

        double Raw(float normalised, int feature) =>
            (normalised * Scorer.Manifest.NormalizationStd[feature]) + Scorer.Manifest.NormalizationMean[feature];
    }

    public void Dispose() => Scorer.Dispose();
}
