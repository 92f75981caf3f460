using Pipewise.Hosting.Settings;

namespace Pipewise.Hosting.Tests;

[TestClass]
public sealed class SettingsResolverTests
{
    [TestMethod]
    public void Get_FlagInputPipewiseDefault_InThatOrder()
    {
        var env = new Dictionary<string, string?> { ["INPUT_FAILURE_WARN"] = "0.6", ["PIPEWISE_FAILURE_WARN"] = "0.7", ["PIPEWISE_MODE"] = "enforce" };
        var settings = new SettingsResolver(env);

        Assert.AreEqual(0.55, settings.GetDouble("failure-warn", "0.55"), "a flag wins");
        Assert.AreEqual(0.6, settings.GetDouble("failure-warn"), "then the input");
        Assert.AreEqual("enforce", settings.Get("mode"), "then PIPEWISE_<NAME>");
        Assert.IsNull(settings.Get("anomaly-warn"), "else the caller's default");
    }

    [TestMethod]
    public void Get_EmptyInputAndHyphenatedName_FallThroughAndAreRead()
    {
        var env = new Dictionary<string, string?> { ["INPUT_STORE"] = "  ", ["PIPEWISE_STORE"] = " /data/store ", ["INPUT_MAX-FAILED-TESTS"] = "3" };
        var settings = new SettingsResolver(env);

        Assert.AreEqual("/data/store", settings.Get("store"), "an empty input is not set; values are trimmed");
        Assert.AreEqual(3, settings.GetInt("max-failed-tests"));
        CollectionAssert.AreEqual(new[] { "INPUT_STORE", "PIPEWISE_STORE" }, SettingsResolver.VariablesOf("store").ToArray());
    }

    [TestMethod]
    [DataRow("TRUE", true)]
    [DataRow("off", false)]
    public void GetBool_Words_AreParsed(string text, bool expected) =>
        Assert.AreEqual(expected, new SettingsResolver(new Dictionary<string, string?> { ["INPUT_FAIL_CLOSED"] = text }).GetBool("fail-closed"));

    [TestMethod]
    public void GetDouble_NotANumber_NamesTheSetting()
    {
        var settings = new SettingsResolver(new Dictionary<string, string?> { ["INPUT_FAILURE_FAIL"] = "high" });
        var ex = Assert.ThrowsExactly<FormatException>(() => settings.GetDouble("failure-fail"));
        StringAssert.Contains(ex.Message, "failure-fail");
    }
}
