using Pipewise.Core.Forecasting;
using Pipewise.Core.Runs;
using Pipewise.Forecasting.Features;
using Pipewise.Forecasting.Serving;

namespace Pipewise.Forecasting.Scoring;

/// <summary>
/// The Bi-LSTM forecaster: features from the last runs, scored by ONNX Runtime, served as EVALUATION.md asks: the
/// model is also scored on the pipeline's last <see cref="ServedForecast.Window"/> runs (each from the runs before it),
/// and <see cref="ServedForecast"/> serves the model or the simple forecast that has been more accurate there, with a
/// p90 from the served predictor's own recent errors. The failure probability is the model's, Platt-calibrated; the explanation occludes inputs one at a time.
/// </summary>
public sealed class OnnxForecaster(OnnxScorer scorer, int minimumHistory = OnnxForecaster.DefaultMinimumHistory) : IForecaster, IDisposable
{
    /// <summary>Usable runs a pipeline needs before the model forecasts it (the backtest's served row uses the same).</summary>
    public const int DefaultMinimumHistory = 3;

    private static readonly int[] OccludedHistory = [FeatureSchema.Failed, FeatureSchema.LogDurationRel, FeatureSchema.TestFailedFraction, FeatureSchema.LogGapHours];

    private static readonly int[] OccludedTarget = [FeatureSchema.EventPullRequest, FeatureSchema.DefaultBranch, FeatureSchema.LogGapHours, FeatureSchema.HourSin];

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
        var steps = Scorer.Steps;
        var t = Scorer.Manifest.History;
        var norm = Scorer.Manifest.Normalization;
        var explainRuns = Math.Min(ExplainRuns, Math.Min(history.Length, t));
        var occlusions = (explainRuns * OccludedHistory.Length) + OccludedTarget.Length;
        var judged = Math.Clamp(history.Length - minimumHistory, 0, ServedForecast.Window);
        var count = 1 + occlusions + judged;
        var windows = new float[count * size];
        var anchors = new WindowAnchors[count];
        anchors[0] = WindowBuilder.Build(history, next.ContextOnly(), t, windows.AsSpan(0, size), norm);
        var names = new List<(string Name, string Description, double Value)>(occlusions);
        var v = 1;
        for (var r = 0; r < explainRuns; r++)
        {
            foreach (var feature in OccludedHistory)
            {
                Occlude(v++, steps - 2 - r, feature, r + 1);
            }
        }

        foreach (var feature in OccludedTarget)
        {
            Occlude(v++, steps - 1, feature, 0);
        }

        var first = history.Length - judged;
        for (var j = first; j < history.Length; j++, v++)
        {
            anchors[v] = WindowBuilder.Build(history[..j], history[j].ContextOnly(), t, windows.AsSpan(v * size, size), norm);
        }

        var scores = Scorer.Score(windows, anchors, count);
        var calibration = Scorer.Manifest.Calibration;
        var risk = calibration.Apply(scores[0].Failure);
        var top = names
            .Select((n, i) => new FeatureContribution(n.Name, Math.Round(n.Value, 4), risk - calibration.Apply(scores[i + 1].Failure)) { Description = n.Description })
            .Where(c => c.Effect != 0)
            .OrderByDescending(c => Math.Abs(c.Effect))
            .Take(5)
            .Select(c => c with { Effect = Math.Round(c.Effect, 6) })
            .ToArray();

        var model = new double[judged + 1];
        var actual = new double[judged];
        for (var j = 0; j < judged; j++)
        {
            model[j] = Math.Exp(scores[1 + occlusions + j].P50Log);
            actual[j] = Math.Exp(history[first + j].LogDuration);
        }

        var modelP50 = Math.Exp(scores[0].P50Log);
        model[judged] = modelP50;
        var served = ServedForecast.Choose(actual, model, ServedForecast.BaselineTracks(history, first), Math.Max(modelP50, Math.Exp(scores[0].P90Log)));
        return new Forecast
        {
            DurationP50Seconds = served.P50Seconds,
            DurationP90Seconds = Math.Max(served.P50Seconds, served.P90Seconds),
            FailureProbability = Math.Clamp(risk, 0, 1),
            ModelVersion = ModelVersion,
            Predictor = served.Predictor,
            PredictorReason = served.Reason,
            TopFeatures = top,
        };

        void Occlude(int variant, int step, int feature, int runsBack)
        {
            var w = windows.AsSpan(variant * size, size);
            windows.AsSpan(0, size).CopyTo(w);
            var raw = (w[(step * F) + feature] * Scorer.Manifest.NormalizationStd[feature]) + Scorer.Manifest.NormalizationMean[feature];
            w[(step * F) + feature] = 0; // the training mean
            anchors[variant] = anchors[0];
            var name = runsBack == 0 ? $"next.{FeatureSchema.Names[feature]}" : $"run[-{runsBack}].{FeatureSchema.Names[feature]}";
            names.Add((name, FeatureWords.Describe(feature, runsBack, raw), raw));
        }
    }

    public void Dispose() => Scorer.Dispose();
}
