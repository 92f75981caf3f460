using System.Text;

namespace Pipewise.GateService.Tests;

[TestClass]
public sealed class QTableReaderTests
{
    [TestMethod]
    public void Read_SarsaDocument_BestActionPerState()
    {
        var json = """
            { "version": 1, "scope": "pipeline+github+o+r+ci", "states": {
                "risk=high|trend=up": { "proceed": { "q": -0.4, "n": 3 }, "canary": { "q": 0.7, "n": 5 } },
                "risk=low|trend=flat": { "proceed": { "q": 0.9, "n": 12 } } },
              "decisions": {}, "appliedKeys": [], "stats": { "steps": 20 } }
            """;

        var rows = QTableReader.Read("pipeline+github+o+r+ci", Encoding.UTF8.GetBytes(json));

        Assert.HasCount(2, rows);
        Assert.AreEqual("canary", rows.Single(r => r.State == "risk=high|trend=up").BestAction);
        Assert.AreEqual(0.7, rows.Single(r => r.State == "risk=high|trend=up").Q);
        Assert.AreEqual("proceed", rows.Single(r => r.State == "risk=low|trend=flat").BestAction);
    }

    [TestMethod]
    public void Read_EntryListOrGarbage_TolerantlyReadsOrReturnsNothing()
    {
        var entries = QTableReader.Read("s", """[{"state":"a","action":"x","value":1},{"state":"a","action":"y","value":2}]"""u8);
        var garbage = QTableReader.Read("s", "not json"u8);
        var other = QTableReader.Read("s", """{"hello":"world"}"""u8);

        Assert.AreEqual("y", entries.Single().BestAction);
        Assert.IsEmpty(garbage);
        Assert.IsEmpty(other);
    }
}
