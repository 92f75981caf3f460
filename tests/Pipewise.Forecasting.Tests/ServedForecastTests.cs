using Pipewise.Forecasting.Baselines;
using Pipewise.Forecasting.Features;
using Pipewise.Forecasting.Serving;

namespace Pipewise.Forecasting.Tests;

[TestClass]
public sealed class ServedForecastTests
{
    /// <summary>Runs of 600 s ± 5 % (deterministic pattern), oldest first.</summary>
    private static RunFacts[] Steady(int count, double seconds = 600) =>
        [.. Enumerable.Range(0, count).Select(i => new RunFacts { LogDuration = Math.Log(seconds * (1 + (0.05 * Math.Sin(i * 1.7)))), StartUnixSeconds = i * 3600.0 })];

    private static ServedChoice Choose(RunFacts[] history, Func<int, double> modelAt, double modelP90Ratio = 1.2)
    {
        var judged = Math.Min(ServedForecast.Window, history.Length - 3);
        var first = history.Length - judged;
        var actual = history[first..].Select(r => Math.Exp(r.LogDuration)).ToArray();
        var model = Enumerable.Range(first, judged + 1).Select(modelAt).ToArray();
        return ServedForecast.Choose(actual, model, ServedForecast.BaselineTracks(history, first), model[^1] * modelP90Ratio);
    }

    [TestMethod]
    public void Choose_ModelFarWorseOnThisPipeline_ServesTheMedianAndSaysByHowMuch()
    {
        var history = Steady(60);
        var served = Choose(history, _ => 900); // the model overshoots every run by ~50 %

        Assert.AreNotEqual(ServedForecast.Model, served.Predictor);
        var expected = served.Predictor == "median5" ? SimpleBaselines.Median5(history) : SimpleBaselines.Ewma(history);
        Assert.AreEqual(expected, served.P50Seconds, 1e-6);
        Assert.AreEqual(ServedForecast.Window, served.EvaluatedRuns);
        Assert.IsTrue(served.ModelExcessError > 1, $"excess {served.ModelExcessError}");
        StringAssert.Contains(served.Reason, "worse on this pipeline's last 30 runs");
        StringAssert.StartsWith(served.Reason, "The m", served.Reason); // "The median of the last 5 runs" / "The moving average …"
    }

    [TestMethod]
    public void Choose_ModelSlightlyWorseWithinTheMargin_KeepsServingTheModel()
    {
        var history = Steady(60);
        var tracks = ServedForecast.BaselineTracks(history, 0).Select(t => t.ToArray()).ToArray();
        double Error(double[] track) => Enumerable.Range(history.Length - ServedForecast.Window, ServedForecast.Window).Sum(i => Math.Abs(Math.Exp(history[i].LogDuration) - track[i]));
        var best = tracks.MinBy(Error)!;

        // Every run 3 % more error than the best simple forecast's: within the margin, so the model keeps serving.
        var served = Choose(history, i => i < history.Length ? Math.Exp(history[i].LogDuration) + (1.03 * (best[i] - Math.Exp(history[i].LogDuration))) : best[i]);

        Assert.AreEqual(ServedForecast.Model, served.Predictor);
        Assert.IsNull(served.ModelExcessError);
        StringAssert.Contains(served.Reason, "The model");
    }

    [TestMethod]
    public void Choose_TooFewJudgedRuns_ModelServesWhateverItsError()
    {
        var history = Steady(3 + ServedForecast.MinimumEvidence - 1);
        var served = Choose(history, _ => 5000);

        Assert.AreEqual(ServedForecast.Model, served.Predictor);
        Assert.AreEqual(5000, served.P50Seconds, 1e-9);
        StringAssert.Contains(served.Reason, "only");
    }

    [TestMethod]
    public void Choose_NoModel_ServesTheBestSimpleForecast()
    {
        // A step change: the last value follows it at once, the median of 5 after three runs, the EWMA slowly.
        var history = Steady(40).Select((r, i) => r with { LogDuration = Math.Log(i % 2 == 0 ? 100 : 1000) }).ToArray();
        var actual = history[10..].Select(r => Math.Exp(r.LogDuration)).ToArray();
        var noModel = Enumerable.Repeat(double.NaN, actual.Length + 1).ToArray();

        var served = ServedForecast.Choose(actual, noModel, ServedForecast.BaselineTracks(history, 10), double.NaN);

        Assert.AreNotEqual(ServedForecast.Model, served.Predictor);
        StringAssert.Contains(served.Reason, "no model is available");
        Assert.IsTrue(served.P90Seconds > served.P50Seconds);
    }

    [TestMethod]
    public void Choose_NoisyPipeline_P90IsAboveMostRecentRuns()
    {
        // Log-normal noise with σ 0.3 around 600 s: a calibrated p90 sits near 600·e^(1.28·0.3) ≈ 880 s.
        var random = new Random(5);
        var history = Enumerable.Range(0, 64).Select(i => new RunFacts { LogDuration = Math.Log(600) + (0.3 * Gaussian(random)) }).ToArray();
        var served = Choose(history, _ => 600, 1.05); // the model's own spread is far too narrow

        Assert.AreEqual(ServedForecast.Model, served.Predictor);
        Assert.IsTrue(served.P90Seconds is > 760 and < 1100, $"p90 {served.P90Seconds:0} s");
    }

    [TestMethod]
    public void BaselineTracks_EveryIndex_EqualsTheBaselinesOnTheRunsBefore()
    {
        var random = new Random(3);
        var history = Enumerable.Range(0, 25).Select(_ => new RunFacts { LogDuration = Math.Log(50 + random.Next(500)) }).ToArray();
        var tracks = ServedForecast.BaselineTracks(history, 4);

        Assert.AreEqual(history.Length - 4 + 1, tracks[0].Length);
        for (var i = 4; i <= history.Length; i++)
        {
            Assert.AreEqual(SimpleBaselines.Median5(history.AsSpan(0, i)), tracks[0].Span[i - 4], 1e-9, $"median5 at {i}");
            Assert.AreEqual(SimpleBaselines.Ewma(history.AsSpan(0, i)), tracks[1].Span[i - 4], 1e-6, $"ewma at {i}");
        }
    }

    [TestMethod]
    public void FailureCalibration_OverconfidentScores_CalibratedErrorShrinks()
    {
        // True risk r; the raw score pushes it towards 0 or 1 (logit × 3).
        var random = new Random(11);
        var raw = new List<double>();
        var labels = new List<bool>();
        for (var i = 0; i < 20_000; i++)
        {
            var r = 0.05 + (0.9 * random.NextDouble());
            var z = 3 * Math.Log(r / (1 - r));
            raw.Add(1 / (1 + Math.Exp(-z)));
            labels.Add(random.NextDouble() < r);
        }

        var calibration = FailureCalibration.Fit(raw, labels);
        var before = Backtesting.Metrics.Ece(labels, raw);
        var after = Backtesting.Metrics.Ece(labels, [.. raw.Select(calibration.Apply)]);

        Assert.AreEqual(1 / 3.0, calibration.A, 0.05);
        Assert.IsTrue(before > 0.08, $"raw ECE {before:0.000}");
        Assert.IsTrue(after < 0.02, $"calibrated ECE {after:0.000}");
    }

    [TestMethod]
    public void FailureCalibration_NoFailureSeen_IsIdentity()
    {
        var calibration = FailureCalibration.Fit([.. Enumerable.Repeat(0.2, 100)], [.. Enumerable.Repeat(false, 100)]);

        Assert.AreEqual(FailureCalibration.Identity, calibration);
        Assert.AreEqual(0.2, calibration.Apply(0.2), 1e-9);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
