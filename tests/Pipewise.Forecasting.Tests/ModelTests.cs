using Pipewise.Forecasting.Backtesting;
using Pipewise.Forecasting.Features;
using Pipewise.Forecasting.Model;
using Pipewise.Forecasting.Onnx;
using Pipewise.Forecasting.Scoring;

namespace Pipewise.Forecasting.Tests;

[TestClass]
public sealed class ModelTests
{
    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    public void Backward_TinyNetwork_MatchesNumericalGradient(int layers)
    {
        var shape = new BiLstmShape(FeatureSchema.Count, 3, layers, 4, 4);
        var random = new Random(3);
        var net = new BiLstmNetwork(shape);
        net.Initialize(random);
        var x = Enumerable.Range(0, shape.Steps * shape.InputSize).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        var anchors = new WindowAnchors(1f, -0.7f);
        const float y = 9f; // far above both quantiles: the pinball loss is smooth here
        var ws = net.CreateWorkspace();
        var output = new float[3];
        var dOut = new float[3];

        float LossAt()
        {
            net.Forward(x, ws, output);
            return Heads.Loss(output, anchors, y, true, 1f, dOut);
        }

        LossAt();
        var grad = new float[net.ParameterCount];
        net.Backward(ws, dOut, grad);
        var checkedCount = 0;
        for (var i = 0; i < net.ParameterCount; i++)
        {
            var saved = net.Parameters[i];
            const float eps = 2e-3f;
            net.Parameters[i] = saved + eps;
            var up = (double)LossAt();
            net.Parameters[i] = saved - eps;
            var down = (double)LossAt();
            net.Parameters[i] = saved;
            var numeric = (up - down) / (2 * eps);
            Assert.IsLessThanOrEqualTo(2e-3 + (0.03 * Math.Abs(numeric)), Math.Abs(numeric - grad[i]), $"parameter {i}: numeric {numeric}, analytic {grad[i]}");
            checkedCount++;
        }

        Assert.AreEqual(net.ParameterCount, checkedCount);
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    public void OnnxExport_RandomWindows_AgreesWithManagedForwardTo1e4(int layers)
    {
        var shape = new BiLstmShape(FeatureSchema.Count, 8, layers, 6, 7);
        var random = new Random(11);
        var net = new BiLstmNetwork(shape);
        net.Initialize(random);
        for (var i = 0; i < net.ParameterCount; i++)
        {
            net.Parameters[i] += (float)((random.NextDouble() - 0.5) * 0.4);
        }

        const int Count = 20;
        var size = shape.Steps * shape.InputSize;
        var windows = Enumerable.Range(0, Count * size).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
        var centers = Enumerable.Range(0, Count).Select(_ => new WindowAnchors((float)(random.NextDouble() * 6), (float)((random.NextDouble() * 4) - 2))).ToArray();
        AssertAgreement(net, Normalization.Identity(FeatureSchema.Count), shape.Steps - 1, windows, centers, Count);
    }

    [TestMethod]
    public void OnnxExport_RealWindows_AgreesWithManagedForwardTo1e4()
    {
        var pipelines = TestData.Real();
        var options = new BacktestOptions { Training = TestData.Tiny with { HiddenSize = 8, History = 16 } };
        var (train, val, test, _, _) = Backtester.Split(pipelines, options);
        var trained = Trainer.Train(train, val, options.Training);
        var size = test.WindowSize;
        var count = Math.Min(64, test.Count);
        var windows = new float[count * size];
        var centers = new WindowAnchors[count];
        for (var k = 0; k < count; k++)
        {
            centers[k] = test.Fill(k, windows.AsSpan(k * size, size), trained.Normalization).Anchors;
        }

        AssertAgreement(trained.Network, trained.Normalization, 16, windows, centers, count);
    }

    [TestMethod]
    public void Train_SameSeed_GivesIdenticalParameters()
    {
        var pipelines = Backtester.Prepare(TestData.Synthetic(3, 60, 1), 50, null, 1);
        var options = new BacktestOptions { Training = TestData.Tiny };
        var (train, val, _, _, _) = Backtester.Split(pipelines, options);
        var a = Trainer.Train(train, val, options.Training);
        var b = Trainer.Train(train, val, options.Training);
        CollectionAssert.AreEqual(a.Network.Parameters, b.Network.Parameters);
        var c = Trainer.Train(train, val, options.Training with { Seed = 8 });
        CollectionAssert.AreNotEqual(a.Network.Parameters, c.Network.Parameters);
    }

    [TestMethod]
    public void Train_SyntheticHistory_BeatsLastValueOnValidation()
    {
        var pipelines = Backtester.Prepare(TestData.Synthetic(4, 120, 2), 50, null, 1);
        var options = new BacktestOptions { Training = TestData.Tiny with { HiddenSize = 8, Epochs = 6, WindowsPerEpoch = 1500 } };
        var (train, val, _, _, _) = Backtester.Split(pipelines, options);
        var trained = Trainer.Train(train, val, options.Training);
        Assert.IsLessThan(trained.Epochs[0].ValidationLoss * 1.05, trained.Epochs.Min(e => e.ValidationLoss));
        Assert.IsGreaterThan(0.55, trained.Epochs.Max(e => e.ValidationAuc));
    }

    private static void AssertAgreement(BiLstmNetwork net, Normalization normalization, int history, float[] windows, WindowAnchors[] centers, int count)
    {
        var onnx = OnnxExporter.Export(net);
        var manifest = new ModelManifest
        {
            Version = "test",
            FeatureSchema = FeatureSchema.Version,
            History = history,
            Features = FeatureSchema.Count,
            NormalizationMean = normalization.Mean,
            NormalizationStd = normalization.Std,
            ModelSha256 = ModelManifest.Sha256(onnx),
        };
        using var scorer = OnnxScorer.Load(manifest.ToJson(), onnx, "test");
        var scores = scorer.Score(windows, centers, count);
        var ws = net.CreateWorkspace();
        var output = new float[3];
        var size = net.Shape.Steps * net.Shape.InputSize;
        for (var k = 0; k < count; k++)
        {
            net.Forward(windows.AsSpan(k * size, size), ws, output);
            var (p50, p90, fail) = Heads.Decode(output, centers[k]);
            Assert.AreEqual(p50, scores[k].P50Log, 1e-4, $"p50 of window {k}");
            Assert.AreEqual(p90, scores[k].P90Log, 1e-4, $"p90 of window {k}");
            Assert.AreEqual(fail, scores[k].Failure, 1e-4, $"failure of window {k}");
            var single = scorer.ScoreOne(windows.AsSpan(k * size, size).ToArray(), centers[k]);
            Assert.AreEqual(scores[k].P50Log, single.P50Log, 1e-5, "single-window path");
        }
    }
}
