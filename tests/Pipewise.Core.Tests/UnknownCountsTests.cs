using Pipewise.Core.Reporting;
using Pipewise.Core.Runs;
using Pipewise.Testing;

namespace Pipewise.Core.Tests;

/// <summary>Counts the provider did not report read "n/a" in the summary, never a bare "?".</summary>
[TestClass]
public sealed class UnknownCountsTests
{
    [TestMethod]
    public void Render_TestCountsPartlyUnknown_ShowsNotAvailable()
    {
        var run = Outcomes.Run() with { Tests = new TestSummary { Total = 120, Failed = 2 } };

        var md = SummaryRenderer.Render(Outcomes.Outcome(run), new SummaryOptions());

        StringAssert.Contains(md, "**Tests:** 120 total, n/a passed, 2 failed, n/a skipped, n/a flaky");
        Assert.IsFalse(md.Contains(" ? passed", StringComparison.Ordinal) || md.Contains("?/", StringComparison.Ordinal), md);
    }
}
