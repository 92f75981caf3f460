using Pipewise.Core.Forecasting;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;
using Pipewise.Forecasting.Backtesting;
using Pipewise.Forecasting.Scoring;
using Pipewise.Testing;

namespace Pipewise.Forecasting.Tests;

[TestClass]
public sealed class DefaultModelTests
{
    [TestMethod]
    public async Task CreateAsync_EmptyStoreNoFolder_UsesShippedDefaultModel()
    {
        var log = new List<string>();
        var forecaster = await ForecasterFactory.CreateAsync(new InMemoryStore(), null, log.Add, CancellationToken.None);
        Assert.IsNotNull(forecaster, string.Join("\n", log));
        var runs = TestData.Synthetic(1, 40, 6);
        var forecast = await forecaster.ForecastAsync(runs[0].Pipeline, runs.Take(39).ToList(), RunContext.From(runs[39]));
        StringAssert.StartsWith(forecast!.ModelVersion, "bilstm@");
        Assert.IsTrue(forecast.DurationP50Seconds > 0 && forecast.DurationP90Seconds >= forecast.DurationP50Seconds);
        Assert.IsTrue(forecast.FailureProbability is >= 0 and <= 1);
        Assert.AreEqual(Path.Combine(SharedFiles.RepoRoot, "models", "default"), ForecasterFactory.FindDefaultModelDirectory());
        (forecaster as IDisposable)?.Dispose();
    }

    [TestMethod]
    public void DefaultModel_RealGoWindows_GivesSaneForecasts()
    {
        var pipelines = TestData.Real();
        using var scorer = OnnxScorer.LoadDirectory(ForecasterFactory.FindDefaultModelDirectory()!);
        var (_, _, test, _, _) = Backtester.Split(pipelines, new BacktestOptions { Training = new Model.TrainingOptions { History = scorer.Manifest.History } });
        var scores = Backtester.Score(scorer, test, CancellationToken.None);
        var actual = Enumerable.Range(0, test.Count).Select(k => Math.Exp(test.Target(k).LogDuration)).ToArray();
        var wape = Metrics.Wape(actual, scores.Select(s => Math.Exp(s.P50Log)).ToArray());
        Assert.IsLessThan(1.0, wape);
        Assert.IsTrue(scores.All(s => s.Failure is >= 0 and <= 1 && s.P90Log >= s.P50Log));
    }

    [TestMethod]
    public async Task CreateAsync_BadModelDirectory_FallsBackToDefaultWithMessage()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pw-bad-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "manifest.json"), "{ not json");
        File.WriteAllText(Path.Combine(dir, "model.onnx"), "x");
        var log = new List<string>();
        var forecaster = await ForecasterFactory.CreateAsync(new InMemoryStore(), dir, log.Add, CancellationToken.None);
        Assert.IsNotNull(forecaster);
        Assert.IsTrue(log.Any(l => l.Contains("manifest.json", StringComparison.Ordinal) && l.Contains(dir, StringComparison.Ordinal)), string.Join("\n", log));
        (forecaster as IDisposable)?.Dispose();
        Directory.Delete(dir, true);
    }
}
