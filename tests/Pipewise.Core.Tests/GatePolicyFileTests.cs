using Pipewise.Core.Gate;

namespace Pipewise.Core.Tests;

[TestClass]
public sealed class GatePolicyFileTests
{
    public TestContext TestContext { get; set; } = null!;

    private string Write(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), "pipewise-policy-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, content);
        return path;
    }

    [TestMethod]
    public void Load_ValidFile_SetsEveryFieldAndKeepsDefaultsForAbsentOnes()
    {
        var path = Write("""
            // team policy
            { "mode": "enforce", "failure-warn": 0.3, "failure-fail": 0.6, "anomaly-fail": 5, "max-failed-tests": 1, "max-flaky-tests": 2, "fail-closed": true, }
            """);

        var options = GatePolicyFile.Load(path);

        Assert.AreEqual(GateMode.Enforce, options.Mode);
        Assert.AreEqual(0.3, options.FailureWarn);
        Assert.AreEqual(0.6, options.FailureFail);
        Assert.AreEqual(2.0, options.AnomalyWarn, "absent fields keep their default");
        Assert.AreEqual(5.0, options.AnomalyFail);
        Assert.AreEqual(1, options.MaxFailedTests);
        Assert.AreEqual(2, options.MaxFlakyTests);
        Assert.IsTrue(options.FailClosed);
    }

    [TestMethod]
    public void Load_BadFieldValue_NamesFileFieldAndExpectation()
    {
        var path = Write("""{ "failure-fail": "high" }""");

        var ex = Assert.ThrowsExactly<GatePolicyFileException>(() => GatePolicyFile.Load(path));

        StringAssert.Contains(ex.Message, path);
        Assert.AreEqual("failure-fail", ex.Field);
        StringAssert.Contains(ex.Message, "a number from 0 to 1, found \"high\"");
    }

    [TestMethod]
    public void Load_UnknownFieldOrMode_IsAnErrorNotIgnored()
    {
        var typo = Assert.ThrowsExactly<GatePolicyFileException>(() => GatePolicyFile.Load(Write("""{ "failure_fail": 0.5 }""")));
        var mode = Assert.ThrowsExactly<GatePolicyFileException>(() => GatePolicyFile.Load(Write("""{ "mode": "block" }""")));

        Assert.AreEqual("failure_fail", typo.Field);
        StringAssert.Contains(typo.Message, "unknown");
        Assert.AreEqual("mode", mode.Field);
    }

    [TestMethod]
    public void Load_MalformedJsonOrMissingFileOrInconsistent_ClearError()
    {
        var malformed = Assert.ThrowsExactly<GatePolicyFileException>(() => GatePolicyFile.Load(Write("{ \"mode\": ")));
        var missing = Assert.ThrowsExactly<GatePolicyFileException>(() => GatePolicyFile.Load("/nonexistent/policy.json"));
        var inconsistent = Assert.ThrowsExactly<GatePolicyFileException>(() => GatePolicyFile.Load(Write("""{ "failure-warn": 0.9, "failure-fail": 0.5 }""")));

        StringAssert.Contains(malformed.Message, "valid JSON");
        StringAssert.Contains(missing.Message, "/nonexistent/policy.json");
        StringAssert.Contains(inconsistent.Message, "must not be above failure-fail");
    }
}
