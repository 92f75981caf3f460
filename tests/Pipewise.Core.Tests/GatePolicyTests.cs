using Pipewise.Core.Forecasting;
using Pipewise.Core.Gate;

namespace Pipewise.Core.Tests;

[TestClass]
public sealed class GatePolicyTests
{
    private static Forecast Risk(double p) => new() { DurationP50Seconds = 100, DurationP90Seconds = 150, FailureProbability = p, ModelVersion = "bilstm@test" };

    [TestMethod]
    public void Evaluate_HighRiskInEnforce_FailsAndBlocksWithMeasuredVsThreshold()
    {
        var verdict = GatePolicy.Evaluate(new GateInput { Forecast = Risk(0.91) }, new GatePolicyOptions { Mode = GateMode.Enforce });

        Assert.AreEqual(Verdict.Fail, verdict.Verdict);
        Assert.IsTrue(verdict.Blocks);
        var reason = verdict.Reasons.Single(r => r.Code == "failure-risk");
        Assert.AreEqual(0.91, reason.Measured);
        Assert.AreEqual(0.8, reason.Threshold);
        Assert.AreEqual("bilstm@test", verdict.ModelVersion);
    }

    [TestMethod]
    public void Evaluate_SameInputInAdviseOrDryRun_NeverBlocks()
    {
        foreach (var mode in new[] { GateMode.Advise, GateMode.DryRun })
        {
            var verdict = GatePolicy.Evaluate(new GateInput { Forecast = Risk(0.99), FailedTests = 3 }, new GatePolicyOptions { Mode = mode });

            Assert.AreEqual(Verdict.Fail, verdict.Verdict);
            Assert.IsFalse(verdict.Blocks, mode.ToString());
        }
    }

    [TestMethod]
    public void Evaluate_InternalError_FailsOpenByDefaultAndClosedByChoice()
    {
        var input = new GateInput { InternalError = "store unavailable" };

        var open = GatePolicy.Evaluate(input, new GatePolicyOptions { Mode = GateMode.Enforce });
        var closed = GatePolicy.Evaluate(input, new GatePolicyOptions { Mode = GateMode.Enforce, FailClosed = true });

        Assert.AreEqual(Verdict.Warn, open.Verdict);
        Assert.IsFalse(open.Blocks);
        Assert.AreEqual(Verdict.Fail, closed.Verdict);
        Assert.IsTrue(closed.Blocks);
    }

    [TestMethod]
    public void Validate_WarnAboveFail_NamesTheFields()
    {
        var problem = new GatePolicyOptions { FailureWarn = 0.9, FailureFail = 0.5 }.Validate();

        StringAssert.Contains(problem, "failure-warn");
    }
}
