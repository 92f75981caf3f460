using Pipewise.Core.Agent;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Gate;

namespace Pipewise.Core.Tests;

[TestClass]
public sealed class GatePolicyTests
{
    private static Forecast Risk(double p) => new() { DurationP50Seconds = 100, DurationP90Seconds = 150, FailureProbability = p, ModelVersion = "bilstm@test" };

    private static Forecast ExplainedRisk(double p) => new()
    {
        DurationP50Seconds = 300,
        DurationP90Seconds = 400,
        FailureProbability = p,
        ModelVersion = "bilstm@t",
        TopFeatures = [new FeatureContribution("queue_seconds", 30, 0.2)],
    };

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
    public void Evaluate_RiskAboveFailThreshold_FailsWithMeasuredVsThresholdModelAndFeatures()
    {
        var verdict = GatePolicy.Evaluate(new GateInput { Forecast = ExplainedRisk(0.91), FailedTests = 0 }, new GatePolicyOptions { Mode = GateMode.Enforce });

        Assert.AreEqual(Verdict.Fail, verdict.Verdict);
        Assert.IsTrue(verdict.Blocks);
        var first = verdict.Reasons[0];
        Assert.AreEqual("failure-risk", first.Code);
        Assert.AreEqual(0.91, first.Measured, 1e-9);
        Assert.AreEqual(0.8, first.Threshold, 1e-9);
        StringAssert.Contains(first.Message, "0.91 ≥ fail threshold 0.80");
        Assert.IsTrue(verdict.Reasons.Any(r => r.Code == "failed-tests" && r.Severity == Verdict.Pass && r.Message.Contains("0 failed test(s) ≤ allowed 0", StringComparison.Ordinal)));
        Assert.AreEqual("bilstm@t", verdict.ModelVersion);
        Assert.AreEqual("queue_seconds", verdict.TopFeatures[0].Feature);
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
    public void Evaluate_FailedTestsAndFlakyAndHold_ReportsEachReason()
    {
        var verdict = GatePolicy.Evaluate(
            new GateInput { Forecast = ExplainedRisk(0.6), FailedTests = 3, FlakyTests = 2, Strategy = DeploymentStrategy.Hold, DurationAnomalyZ = -2.5 },
            new GatePolicyOptions { MaxFlakyTests = 1 });

        Assert.AreEqual(Verdict.Fail, verdict.Verdict);
        Assert.IsFalse(verdict.Blocks, "advise never blocks");
        CollectionAssert.IsSubsetOf(new[] { "failure-risk", "failed-tests", "flaky-tests", "agent-hold", "duration-anomaly" }, verdict.Reasons.Select(r => r.Code).ToList());
        StringAssert.Contains(verdict.Reasons.Single(r => r.Code == "duration-anomaly").Message, "2.5 ≥ warn threshold 2.0");
        Assert.AreEqual("failed-tests", verdict.Reasons[0].Code, "the worst reason comes first");
    }

    [TestMethod]
    public void Evaluate_InternalError_FailsOpenByDefaultAndClosedByChoice()
    {
        var input = new GateInput { InternalError = "store unavailable" };

        var open = GatePolicy.Evaluate(input, new GatePolicyOptions { Mode = GateMode.Enforce });
        var closed = GatePolicy.Evaluate(input, new GatePolicyOptions { Mode = GateMode.Enforce, FailClosed = true });

        Assert.AreEqual(Verdict.Pass, open.Verdict, "fail-open is a pass (issue 17 item 8)");
        Assert.IsFalse(open.Blocks);
        Assert.AreEqual(ReasonCodes.PipewiseError, open.Reasons.Single().Code, "the reason stays, and no 'all clear' beside it");
        Assert.IsTrue(ReasonCodes.IsAnnotated(open.Reasons[0]), "shown as a warning on the runner");
        StringAssert.Contains(open.Reasons[0].Message, "failing open");
        Assert.AreEqual(Verdict.Fail, closed.Verdict);
        Assert.IsTrue(closed.Blocks);
        StringAssert.Contains(closed.Reasons[0].Message, "fail-closed");
    }

    [TestMethod]
    public void Evaluate_NoModel_PassesOnTestsWithReasonSayingSo()
    {
        var verdict = GatePolicy.Evaluate(new GateInput { ModelUnavailable = "none installed", FailedTests = 0 }, new GatePolicyOptions { Mode = GateMode.Enforce });

        Assert.AreEqual(Verdict.Pass, verdict.Verdict);
        StringAssert.Contains(verdict.Reasons.Single(r => r.Code == "no-model").Message, "no forecasting model is available");
        Assert.IsNull(verdict.ModelVersion);
    }

    [TestMethod]
    public void Evaluate_DryRun_ReportsWhatEnforceWouldDoWithoutBlocking()
    {
        var verdict = GatePolicy.Evaluate(new GateInput { Forecast = ExplainedRisk(0.95) }, new GatePolicyOptions { Mode = GateMode.DryRun });

        Assert.AreEqual(Verdict.Fail, verdict.Verdict);
        Assert.IsFalse(verdict.Blocks);
        Assert.IsTrue(verdict.WouldBlockInEnforce);
        StringAssert.Contains(verdict.Outcome, "enforce mode would have blocked");
    }

    [TestMethod]
    public void Validate_WarnAboveFail_NamesTheFields()
    {
        var problem = new GatePolicyOptions { FailureWarn = 0.9, FailureFail = 0.5 }.Validate();

        StringAssert.Contains(problem, "failure-warn");
    }

    [TestMethod]
    public void Evaluate_InvalidThresholds_ThrowsNamingTheField()
    {
        var ex = Assert.ThrowsExactly<ArgumentException>(() => GatePolicy.Evaluate(new GateInput(), new GatePolicyOptions { FailureWarn = 0.9, FailureFail = 0.5 }));
        StringAssert.Contains(ex.Message, "failure-warn");
    }

    [TestMethod]
    public void Evaluate_RunFarFasterThanForecast_WarnsNeverFails()
    {
        var faster = GatePolicy.Evaluate(new GateInput { DurationAnomalyZ = -9 }, new GatePolicyOptions { Mode = GateMode.Enforce });
        var slower = GatePolicy.Evaluate(new GateInput { DurationAnomalyZ = 9 }, new GatePolicyOptions { Mode = GateMode.Enforce });

        Assert.AreEqual(Verdict.Warn, faster.Verdict);
        Assert.IsFalse(faster.Blocks);
        StringAssert.Contains(faster.Reasons.Single(r => r.Code == ReasonCodes.DurationAnomaly).Message, "much faster than forecast");
        Assert.AreEqual(Verdict.Fail, slower.Verdict, "a far slower run still fails");
    }
}
