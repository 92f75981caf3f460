using System.Diagnostics;
using Pipewise.Forecasting.Backtesting;
using Pipewise.Forecasting.Features;

namespace Pipewise.Forecasting.Model;

/// <summary>BPTT + Adam with early stopping on a chronological validation split. Deterministic for a seed.</summary>
public static class Trainer
{
    public static TrainedModel Train(WindowSet train, WindowSet validation, TrainingOptions options, IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(options);
        if (train.Count == 0)
        {
            throw new InvalidOperationException("There are no training windows: every pipeline needs runs before its training targets.");
        }

        var random = new Random(options.Seed);
        var normalization = train.FitNormalization(50_000, options.Seed);
        var shape = new BiLstmShape(FeatureSchema.Count, options.HiddenSize, options.Layers, options.HeadHidden, options.History + 1);
        var net = new BiLstmNetwork(shape);
        net.Initialize(random);
        var n = net.ParameterCount;
        var adam = new AdamOptimizer(n);
        var best = (float[])net.Parameters.Clone();
        var bestLoss = double.PositiveInfinity;
        var sinceBest = 0;
        var reports = new List<EpochReport>();
        var clock = Stopwatch.StartNew();
        var valPicks = WindowSampling.Picks(validation.Count, options.MaxValidationWindows, new Random(options.Seed + 1));
        var meanScale = options.ScaleWeighting ? MeanScale(train, options.Seed) : 1.0;
        var gradient = new BatchGradient(net, train, normalization, options, meanScale);

        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var order = WindowSampling.Picks(train.Count, options.WindowsPerEpoch, random);
            WindowSampling.Shuffle(order, random);
            double epochLoss = 0;
            for (var start = 0; start < order.Length; start += options.BatchSize)
            {
                var count = Math.Min(options.BatchSize, order.Length - start);
                epochLoss = gradient.Compute(order, start, count, epochLoss);
                AdamOptimizer.ClipByNorm(gradient.Total, options.ClipNorm);
                adam.Step(net.Parameters, gradient.Total, (float)options.LearningRate);
            }

            var (valLoss, valWape, valAuc) = Evaluate(net, validation, valPicks, normalization, options.FailureWeight, options.ScaleWeighting ? meanScale : 0);
            var improved = valLoss < bestLoss - 1e-5 || double.IsPositiveInfinity(bestLoss);
            if (improved)
            {
                bestLoss = valLoss;
                Array.Copy(net.Parameters, best, n);
                sinceBest = 0;
            }
            else
            {
                sinceBest++;
            }

            var elapsed = clock.Elapsed;
            var remainingEpochs = sinceBest >= options.Patience ? 0 : options.Epochs - epoch;
            var report = new EpochReport(epoch, options.Epochs, epochLoss / Math.Max(1, order.Length), valLoss, valWape, valAuc, elapsed, elapsed / epoch * remainingEpochs, improved);
            reports.Add(report);
            progress?.Report(report);
            if (sinceBest >= options.Patience)
            {
                break;
            }
        }

        Array.Copy(best, net.Parameters, n);
        return new TrainedModel(net, normalization, options.History, reports);
    }

    /// <summary>Validation loss, WAPE (seconds, p50) and failure AUC over the given windows.</summary>
    public static (double Loss, double Wape, double Auc) Evaluate(BiLstmNetwork net, WindowSet set, int[] picks, Normalization normalization, float failureWeight, double meanScale = 0)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(picks);
        if (picks.Length == 0)
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        var ws = net.CreateWorkspace();
        var x = new float[set.WindowSize];
        Span<float> output = stackalloc float[3];
        Span<float> dOut = stackalloc float[3];
        double loss = 0;
        var actual = new double[picks.Length];
        var predicted = new double[picks.Length];
        var labels = new bool[picks.Length];
        var scores = new double[picks.Length];
        for (var k = 0; k < picks.Length; k++)
        {
            var (anchors, y, failed) = set.Fill(picks[k], x, normalization);
            net.Forward(x, ws, output);
            var weight = meanScale > 0 ? (float)Math.Clamp(Math.Exp(anchors.Center) / meanScale, 0.1, 10) : 1f;
            loss += Heads.Loss(output, anchors, y, failed, failureWeight, dOut, weight);
            var (p50, _, prob) = Heads.Decode(output, anchors);
            actual[k] = Math.Exp(y);
            predicted[k] = Math.Exp(p50);
            labels[k] = failed;
            scores[k] = prob;
        }

        return (loss / picks.Length, Metrics.Wape(actual, predicted), Metrics.Auc(labels, scores));
    }

    private static double MeanScale(WindowSet set, int seed)
    {
        var random = new Random(seed + 2);
        var n = Math.Min(5000, set.Count);
        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            var k = set.Count <= 5000 ? i : random.Next(set.Count);
            sum += Math.Exp(WindowBuilder.Median(set.History(k)[^Math.Min(5, set.History(k).Length)..]));
        }

        return n > 0 ? Math.Max(1e-6, sum / n) : 1;
    }
}
