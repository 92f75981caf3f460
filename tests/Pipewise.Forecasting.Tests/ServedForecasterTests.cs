using Pipewise.Forecasting.Features;
using Pipewise.Forecasting.Scoring;
using Pipewise.Forecasting.Serving;

namespace Pipewise.Forecasting.Tests;

/// <summary>What <c>pipewise run</c> serves: the shipped model through <see cref="OnnxForecaster"/> on real go histories.</summary>
[TestClass]
public sealed class ServedForecasterTests
{
    [TestMethod]
    public void Forecast_RealGoHistory_SaysWhichPredictorServedWhyAndExplainsInWords()
    {
        var pipeline = TestData.Real().OrderByDescending(p => p.Runs.Length).First();
        using var forecaster = new OnnxForecaster(OnnxScorer.LoadDirectory(ForecasterFactory.FindDefaultModelDirectory()!));
        var history = pipeline.Runs.AsSpan(0, 64);

        var forecast = forecaster.Forecast(history, pipeline.Runs[64].ContextOnly())!;

        CollectionAssert.Contains(ServedForecast.Candidates.ToArray(), forecast.Predictor);
        StringAssert.Contains(forecast.PredictorReason, "this pipeline's last 30 runs");
        Assert.IsTrue(forecast.DurationP90Seconds > forecast.DurationP50Seconds);
        Assert.IsTrue(forecast.TopFeatures.Count > 0);
        foreach (var f in forecast.TopFeatures)
        {
            Assert.IsFalse(string.IsNullOrEmpty(f.Description), f.Feature);
            Assert.IsFalse(f.Description!.Contains('_', StringComparison.Ordinal) || f.Description.Contains('[', StringComparison.Ordinal), $"'{f.Description}' reads like a feature id");
        }
    }

    [TestMethod]
    public void Forecast_ModelOvershootsOnThisPipeline_ServesASimpleForecastAndSaysSo()
    {
        // A real exported model whose p50 head always says e¹ ≈ 2.7 × the median of the last 5 runs.
        var net = new Model.BiLstmNetwork(new Model.BiLstmShape(FeatureSchema.Count, 4, 1, 4, 9));
        net.Initialize(new Random(1));
        net.Parameters.AsSpan(net.W2Offset, 3 * 4).Clear();
        net.Parameters[net.B2Offset] = 1f;
        var onnx = Onnx.OnnxExporter.Export(net);
        var manifest = new ModelManifest
        {
            Version = "overshoot",
            FeatureSchema = FeatureSchema.Version,
            History = 8,
            Features = FeatureSchema.Count,
            NormalizationMean = new float[FeatureSchema.Count],
            NormalizationStd = [.. Enumerable.Repeat(1f, FeatureSchema.Count)],
            ModelSha256 = ModelManifest.Sha256(onnx),
        };
        using var forecaster = new OnnxForecaster(OnnxScorer.Load(manifest.ToJson(), onnx, "test"));
        var history = Enumerable.Range(0, 64).Select(i => new RunFacts { LogDuration = Math.Log(600 + (10 * (i % 3))), StartUnixSeconds = 1.7e9 + (i * 3600.0) }).ToArray();

        var forecast = forecaster.Forecast(history, new RunFacts { StartUnixSeconds = 1.7e9 + (64 * 3600.0) })!;

        Assert.AreNotEqual(ServedForecast.Model, forecast.Predictor, forecast.PredictorReason);
        StringAssert.Contains(forecast.PredictorReason, "% worse on this pipeline's last 30 runs");
        Assert.AreEqual(610, forecast.DurationP50Seconds, 15, "a simple forecast, not the model's ~1,650 s");
        Assert.IsTrue(forecast.DurationP90Seconds is > 610 and < 1000, $"p90 {forecast.DurationP90Seconds:0} s follows the served forecast's own errors");
    }
}
