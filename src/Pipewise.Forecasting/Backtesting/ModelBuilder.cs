using Pipewise.Forecasting.Features;
using Pipewise.Forecasting.Model;
using Pipewise.Forecasting.Onnx;
using Pipewise.Forecasting.Scoring;

namespace Pipewise.Forecasting.Backtesting;

/// <summary>Trains a Bi-LSTM on the training windows, exports it to ONNX and describes it in a manifest.</summary>
public static class ModelBuilder
{
    public static BuiltModel Build(WindowSet train, WindowSet validation, BacktestOptions options, IProgress<EpochReport>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        var trained = Trainer.Train(train, validation, options.Training, progress, ct);
        var version = options.Version ?? $"s{options.Training.Seed}";
        var onnx = OnnxExporter.Export(trained.Network, new Dictionary<string, string> { ["feature_schema"] = FeatureSchema.Version, ["version"] = version });
        double first = double.MaxValue, last = double.MinValue;
        foreach (var p in train.Pipelines)
        {
            foreach (var r in p.Runs)
            {
                if (!double.IsNaN(r.StartUnixSeconds))
                {
                    first = Math.Min(first, r.StartUnixSeconds);
                    last = Math.Max(last, r.StartUnixSeconds);
                }
            }
        }

        var net = trained.Network;
        var manifest = new ModelManifest
        {
            Version = version,
            FeatureSchema = FeatureSchema.Version,
            History = trained.History,
            Features = FeatureSchema.Count,
            FeatureNames = FeatureSchema.Names,
            NormalizationMean = trained.Normalization.Mean,
            NormalizationStd = trained.Normalization.Std,
            HiddenSize = net.Shape.HiddenSize,
            Layers = net.Shape.Layers,
            HeadHidden = net.Shape.HeadHidden,
            ModelSha256 = ModelManifest.Sha256(onnx),
            Training = new TrainingSpan
            {
                Data = options.DataDescription,
                Pipelines = train.Pipelines.Count,
                Windows = train.Count,
                FirstRun = first < double.MaxValue ? DateTimeOffset.FromUnixTimeSeconds((long)first) : null,
                LastRun = last > double.MinValue ? DateTimeOffset.FromUnixTimeSeconds((long)last) : null,
                Seed = options.Training.Seed,
                Epochs = trained.Epochs.Count,
                Command = options.Command,
            },
        };
        return new BuiltModel(trained, onnx, manifest with { FailureCalibration = Calibrate(manifest, onnx, validation, options.Seed, ct) });
    }

    /// <summary>Platt scaling of the failure head on (a seeded sample of up to 50,000) validation windows, scored through ONNX Runtime.</summary>
    private static Serving.FailureCalibration Calibrate(ModelManifest manifest, byte[] onnx, WindowSet validation, int seed, CancellationToken ct)
    {
        if (validation.Count == 0)
        {
            return Serving.FailureCalibration.Identity;
        }

        var random = new Random(seed + 3);
        var picks = validation.Count <= 50_000 ? Enumerable.Range(0, validation.Count).ToArray() : Enumerable.Range(0, 50_000).Select(_ => random.Next(validation.Count)).ToArray();
        var sample = new WindowSet(validation.Pipelines, [.. picks.Select(k => validation.Targets[k])], validation.HistoryLength);
        using var scorer = OnnxScorer.Load(manifest.ToJson(), onnx, "trained model");
        var scores = Backtester.Score(scorer, sample, ct);
        return Serving.FailureCalibration.Fit([.. scores.Select(s => (double)s.Failure)], [.. Enumerable.Range(0, sample.Count).Select(k => sample.Target(k).Failed)]);
    }
}
