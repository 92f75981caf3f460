using System.Text;
using Pipewise.Core.Runs;

namespace Pipewise.Core.Tests;

[TestClass]
public sealed class RunRecordJsonTests
{
    private static RunRecord Sample() => new()
    {
        Provider = "github",
        Organization = "octo-org",
        Repository = "hello",
        PipelineId = "ci.yml",
        RunId = "30433642",
        Attempt = 2,
        Branch = "main",
        StartedAt = DateTimeOffset.Parse("2026-01-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
        FinishedAt = DateTimeOffset.Parse("2026-01-01T10:05:00Z", System.Globalization.CultureInfo.InvariantCulture),
        Result = RunResult.Failed,
        Jobs = [new JobRecord { Name = "build", Steps = [new StepRecord { Name = "test", Result = RunResult.Failed }] }],
        Tests = new TestSummary { Total = 10, Failed = 1 },
    };

    [TestMethod]
    public void Serialize_RoundTrips_AndWritesUnknownValuesAsAbsentNotZero()
    {
        var json = Encoding.UTF8.GetString(RunRecordJson.Serialize(Sample()));

        StringAssert.Contains(json, "\"result\":\"failed\"");
        Assert.IsFalse(json.Contains("\"passed\"", StringComparison.Ordinal), "unknown test counts must stay null, not 0");
        var back = RunRecordJson.Deserialize(Encoding.UTF8.GetBytes(json), "sample");
        Assert.AreEqual(Sample().Key, back.Key);
        Assert.AreEqual(300, back.EffectiveDurationSeconds);
        Assert.IsNull(back.Tests!.Passed);
    }

    [TestMethod]
    public void Deserialize_WrongType_NamesRecordAndField()
    {
        var json = """{"provider":"github","organization":"o","repository":"r","pipelineId":"p","runId":"1","attempt":"two"}""";

        var ex = Assert.ThrowsExactly<RunRecordFormatException>(() => RunRecordJson.Deserialize(Encoding.UTF8.GetBytes(json), "runs.json[3]"));

        Assert.AreEqual("runs.json[3]", ex.Source);
        Assert.AreEqual("$.attempt", ex.Field);
    }

    [TestMethod]
    public void Deserialize_FinishBeforeStart_IsRejectedWithField()
    {
        var json = """{"provider":"github","organization":"o","repository":"r","pipelineId":"p","runId":"1","startedAt":"2026-01-01T10:00:00Z","finishedAt":"2026-01-01T09:00:00Z"}""";

        var ex = Assert.ThrowsExactly<RunRecordFormatException>(() => RunRecordJson.Deserialize(Encoding.UTF8.GetBytes(json), "x"));

        Assert.AreEqual("finishedAt", ex.Field);
    }

    [TestMethod]
    public void Deserialize_MissingRunId_IsRejected()
    {
        var json = """{"provider":"github","organization":"o","repository":"r","pipelineId":"p"}""";

        var ex = Assert.ThrowsExactly<RunRecordFormatException>(() => RunRecordJson.Deserialize(Encoding.UTF8.GetBytes(json), "x"));

        StringAssert.Contains(ex.Message, "runId");
    }

    [TestMethod]
    public void PipelineKey_TextForm_RoundTripsHostileNames()
    {
        var key = new PipelineKey("github", "o/../x", "r%20", ".hidden");

        var text = key.ToString();

        Assert.AreEqual(4, text.Split('/').Length);
        Assert.IsFalse(text.Split('/').Any(segment => segment is "." or ".." || segment.StartsWith('.')), text);
        Assert.AreEqual(key, PipelineKey.Parse(text));
    }
}
