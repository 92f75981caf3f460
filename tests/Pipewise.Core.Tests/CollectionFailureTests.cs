using Pipewise.Core.Gate;
using Pipewise.Core.Hosting;

namespace Pipewise.Core.Tests;

[TestClass]
public sealed class CollectionFailureTests
{
    [TestMethod]
    [DataRow(false, "pass", 0)]
    [DataRow(true, "fail", 3)]
    public void From_CollectError_PipewiseErrorVerdictOfTheFailOpenRule(bool failClosed, string verdict, int exitCode)
    {
        var policy = new GatePolicyOptions { Mode = GateMode.Enforce, FailClosed = failClosed };

        var failure = CollectionFailure.From(new InvalidOperationException("GITHUB_RUN_ID is not set"), policy);

        Assert.AreEqual(ReasonCodes.PipewiseError, failure.Verdict.Reasons.Single().Code);
        StringAssert.Contains(failure.Message, "the run could not be collected: GITHUB_RUN_ID is not set");
        Assert.AreEqual(exitCode, Assessment.ExitCodes.For(failure.Verdict, failClosed));
        CollectionAssert.AreEqual(
            new[] { "risk", "verdict", "expected-duration", "anomaly", "strategy", "suggestions", "model-version" },
            failure.Outputs.Select(o => o.Key).ToArray());
        CollectionAssert.AreEqual(
            new[] { string.Empty, verdict, string.Empty, string.Empty, "proceed", "[]", string.Empty },
            failure.Outputs.Select(o => o.Value).ToArray());
    }

    [TestMethod]
    public async Task LocalRunHost_ReportCollectionFailure_PrintsTheWarningAndEveryOutput()
    {
        using var output = new StringWriter();
        var failure = CollectionFailure.From(new IOException("run.json: not found"), new GatePolicyOptions());

        await new LocalRunHost("run.json", output).ReportCollectionFailureAsync(failure);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        StringAssert.StartsWith(lines[0], "warning: Pipewise could not score this run (the run could not be collected: run.json: not found)");
        Assert.AreEqual("output verdict=pass", lines[2]);
        Assert.HasCount(8, lines);
    }
}
