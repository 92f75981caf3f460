using Pipewise.Testing;
using System.Text;
using Pipewise.Core.Gate;
using Pipewise.Core.Reporting;

namespace Pipewise.Core.Tests;

[TestClass]
public sealed class SummaryRendererTests
{
    [TestMethod]
    public void Render_Outcome_HasVerdictReasonsForecastChartSuggestionModelAndNotes()
    {
        var md = SummaryRenderer.Render(Outcomes.Outcome(), new SummaryOptions { RunUrl = new Uri("https://github.com/octo-org/octo-repo/actions/runs/30433642") });

        StringAssert.Contains(md, "## Pipewise: ⚠️ warn");
        StringAssert.Contains(md, "failure probability 0\\.62 ≥ warn threshold 0\\.50");
        StringAssert.Contains(md, "| duration (p50) | 5m 00s | 10m 00s |");
        StringAssert.Contains(md, "```mermaid\nxychart-beta");
        StringAssert.Contains(md, "**Cache dependencies**");
        StringAssert.Contains(md, "```yaml\n- uses: actions/cache@v4");
        StringAssert.Contains(md, "bilstm\\@2026\\-11\\-25\\.1");
        StringAssert.Contains(md, "Not enough history");
        StringAssert.Contains(md, "[\\#562](https://github.com/octo-org/octo-repo/actions/runs/30433642)");
    }

    [TestMethod]
    public void Render_AzureFlavor_ShowsTheAzurePipelinesSnippet()
    {
        var md = SummaryRenderer.Render(Outcomes.Outcome(), new SummaryOptions { Snippets = SnippetFlavor.AzurePipelines });
        StringAssert.Contains(md, "- task: Cache@2");
        Assert.DoesNotContain("actions/cache@v4", md);
    }

    [TestMethod]
    [DataRow(2_000)]
    [DataRow(10_000)]
    [DataRow(100_000)]
    public void Render_ByteBudget_IsNeverExceeded(int budget)
    {
        var outcome = Outcomes.Outcome(Outcomes.Run(jobs: 3000, jobName: "名前" + new string('x', 80)));
        var md = SummaryRenderer.Render(outcome, new SummaryOptions { MaxBytes = budget, MaxJobs = 3000 });
        Assert.IsLessThanOrEqualTo(budget, Encoding.UTF8.GetByteCount(md));
        StringAssert.Contains(md, "Pipewise: ⚠️ warn", "the verdict survives truncation");
    }

    [TestMethod]
    public void TruncateUtf8_CutInsideCodeFence_ClosesTheFence()
    {
        var text = "a\n```yaml\n" + string.Join("\n", Enumerable.Range(0, 500).Select(i => "line " + i)) + "\n```\n";
        var cut = SummaryRenderer.TruncateUtf8(text, 600);
        Assert.IsLessThanOrEqualTo(600, Encoding.UTF8.GetByteCount(cut));
        Assert.AreEqual(0, cut.Split('\n').Count(l => l.StartsWith("```", StringComparison.Ordinal)) % 2, "fences are balanced");
    }

    [TestMethod]
    public void Render_HostileSnippet_CannotCloseTheFence()
    {
        var o = Outcomes.Outcome();
        var s = o.Decision!.Suggestions[0] with { GitHubSnippet = "x: 1\n```\n<script>alert(1)</script>" };
        var md = SummaryRenderer.Render(o with { Decision = o.Decision with { Suggestions = [s] } });
        StringAssert.Contains(md, "````yaml\n");
    }

    [TestMethod]
    public void Render_EnforcedFail_SaysTheJobFails()
    {
        var md = SummaryRenderer.Render(Outcomes.Outcome(verdict: Verdict.Fail, mode: GateMode.Enforce));
        StringAssert.Contains(md, "❌ fail");
        StringAssert.Contains(md, "enforce (this verdict fails the job)");
    }
    [TestMethod]
    public void Render_TwentyRecentRuns_ChartsAtMostADozenBarsAndNoFlatForecastLines()
    {
        var outcome = Outcomes.Outcome();
        outcome = outcome with { RecentRuns = [.. Enumerable.Range(1, 20).Select(i => outcome.Run with { RunId = (40000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), Number = 900 + i })] };

        var md = SummaryRenderer.Render(outcome, new SummaryOptions());

        var axis = md.Split('\n').Single(l => l.StartsWith("  x-axis [", StringComparison.Ordinal));
        Assert.AreEqual(SummaryRenderer.ChartBars, axis.Split(',').Length, "labels overlap beyond a dozen bars");
        StringAssert.EndsWith(axis, "\"this\"]");
        StringAssert.Contains(axis, "\"#920\"");
        Assert.DoesNotContain("  line [", md, "one forecast drawn as a line over past runs is flat and says nothing");
        StringAssert.Contains(md, "This run's forecast: 5m 00s (p50), at most 7m 00s in 9 of 10 runs (p90).");
    }
}
