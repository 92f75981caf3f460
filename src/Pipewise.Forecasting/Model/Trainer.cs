using System.Diagnostics;
using Pipewise.Forecasting.Backtesting;
using Pipewise.Forecasting.Features;

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

/// <summary>What happened in one epoch.</summary>
public sealed record EpochReport(int Epoch, int Epochs, double TrainLoss, double ValidationLoss, double ValidationWape, double ValidationAuc, TimeSpan Elapsed, TimeSpan Remaining, bool Improved);

/// <summary>A trained network with the normalisation it expects.</summary>
public sealed record TrainedModel(BiLstmNetwork Network, Normalization Normalization, int History, IReadOnlyList<EpochReport> Epochs);

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
        var m = new float[n];
        var v = new float[n];
        var best = (float[])net.Parameters.Clone();
        var bestLoss = double.PositiveInfinity;
        var sinceBest = 0;
        var step = 0;
        var threads = Math.Max(1, options.Threads);
        var workspaces = Enumerable.Range(0, threads).Select(_ => net.CreateWorkspace()).ToArray();
        var grads = Enumerable.Range(0, threads).Select(_ => new float[n]).ToArray();
        var inputs = Enumerable.Range(0, threads).Select(_ => new float[train.WindowSize]).ToArray();
        var losses = new double[threads];
        var total = new float[n];
        var reports = new List<EpochReport>();
        var clock = Stopwatch.StartNew();
        var valPicks = SamplePicks(validation.Count, options.MaxValidationWindows, new Random(options.Seed + 1));
        var meanScale = options.ScaleWeighting ? MeanScale(train, options.Seed) : 1.0;

        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var order = SamplePicks(train.Count, options.WindowsPerEpoch, random);
            Shuffle(order, random);
            double epochLoss = 0;
            for (var start = 0; start < order.Length; start += options.BatchSize)
            {
                var count = Math.Min(options.BatchSize, order.Length - start);
                var chunk = (count + threads - 1) / threads;
                Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, th =>
                {
                    Array.Clear(grads[th]);
                    losses[th] = 0;
                    Span<float> output = stackalloc float[3];
                    Span<float> dOut = stackalloc float[3];
                    var end = Math.Min(count, (th + 1) * chunk);
                    for (var b = th * chunk; b < end; b++)
                    {
                        var (center, y, failed) = train.Fill(order[start + b], inputs[th], normalization);
                        net.Forward(inputs[th], workspaces[th], output);
                        var weight = options.ScaleWeighting ? (float)Math.Clamp(Math.Exp(center) / meanScale, 0.1, 10) : 1f;
                        losses[th] += Heads.Loss(output, center, y, failed, options.FailureWeight, dOut, weight);
                        net.Backward(workspaces[th], dOut, grads[th]);
                    }
                });
                Array.Clear(total);
                for (var th = 0; th < threads; th++)
                {
                    BiLstmNetwork.Axpy(1f / count, grads[th], total);
                    epochLoss += losses[th];
                }

                ClipByNorm(total, options.ClipNorm);
                step++;
                AdamStep(net.Parameters, total, m, v, (float)options.LearningRate, step);
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
            var (center, y, failed) = set.Fill(picks[k], x, normalization);
            net.Forward(x, ws, output);
            var weight = meanScale > 0 ? (float)Math.Clamp(Math.Exp(center) / meanScale, 0.1, 10) : 1f;
            loss += Heads.Loss(output, center, y, failed, failureWeight, dOut, weight);
            var (p50, _, prob) = Heads.Decode(output, center);
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
            sum += Math.Exp(WindowBuilder.Median(set.History(k)[^Math.Min(set.HistoryLength, set.History(k).Length)..]));
        }

        return n > 0 ? Math.Max(1e-6, sum / n) : 1;
    }

    private static int[] SamplePicks(int count, int max, Random random)
    {
        if (count <= max)
        {
            return Enumerable.Range(0, count).ToArray();
        }

        var picks = new int[max];
        for (var i = 0; i < max; i++)
        {
            picks[i] = random.Next(count);
        }

        return picks;
    }

    private static void Shuffle(int[] a, Random random)
    {
        for (var i = a.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (a[i], a[j]) = (a[j], a[i]);
        }
    }

    private static void ClipByNorm(float[] g, double maxNorm)
    {
        double sq = 0;
        foreach (var x in g)
        {
            sq += x * (double)x;
        }

        var norm = Math.Sqrt(sq);
        if (norm > maxNorm)
        {
            var s = (float)(maxNorm / norm);
            for (var i = 0; i < g.Length; i++)
            {
                g[i] *= s;
            }
        }
    }

    private static void AdamStep(float[] p, float[] g, float[] m, float[] v, float lr, int t)
    {
        const float b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
        var c1 = 1 - MathF.Pow(b1, t);
        var c2 = 1 - MathF.Pow(b2, t);
        for (var i = 0; i < p.Length; i++)
        {
            m[i] = (b1 * m[i]) + ((1 - b1) * g[i]);
            v[i] = (b2 * v[i]) + ((1 - b2) * g[i] * g[i]);
            p[i] -= lr * (m[i] / c1) / (MathF.Sqrt(v[i] / c2) + eps);
        }
    }
}
