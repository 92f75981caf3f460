using Pipewise.Agent.Catalog;
using Pipewise.Agent.Insights;
using Pipewise.Agent.Tests.Detectors;
using Pipewise.Core.Agent;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Tests.Insights;

[TestClass]
public sealed class HistoryInsightsTests
{
    [TestMethod]
    public void Analyse_OverlappingRuns_SuggestsCancelSupersededWithSaving()
    {
        var runs = Enumerable.Range(1, 6).Select(i => TimedRuns.Make(i, (i - 1) * 10, 15 * 60)).ToList();

        var insight = new HistoryInsights().Analyse(runs);

        var cancel = insight.Suggestions.Single(s => s.ActionId == ActionCatalog.CancelSuperseded);
        StringAssert.StartsWith(cancel.Evidence, "5 of the last 6 runs kept running");
        Assert.IsGreaterThan(0, insight.SavingSecondsPerRun);
        Assert.IsFalse(insight.Suggestions.Any(s => s.ActionId == ActionCatalog.NoChange), "no change is never an open suggestion");
        Assert.IsNull(insight.Regression);
    }

    [TestMethod]
    public void Analyse_LastingSlowdown_IsARegressionNotASuggestion()
    {
        var runs = Enumerable.Range(1, 24).Select(i => TimedRuns.Make(i, i * 60, (i >= 16 ? 846 : 600) + ((i * 7 % 5) - 2) * 15)).ToList();

        var insight = new HistoryInsights().Analyse(runs);

        StringAssert.StartsWith(insight.Regression, "+41 % since run 16");
        Assert.IsFalse(insight.Suggestions.Any(s => s.ActionId == ActionCatalog.DurationRegression));
    }

    [TestMethod]
    public void Analyse_FailuresPassingOnRerun_CountsIntermittentShare()
    {
        // Runs 3 and 7 fail and pass on a re-run attempt; run 10 fails and its re-run fails too.
        var runs = Enumerable.Range(1, 12).Select(i => TimedRuns.Make(i, i * 60, 600, i is 3 or 7 or 10 ? RunResult.Failed : RunResult.Succeeded)).ToList();
        runs.Add(TimedRuns.Make(3, (3 * 60) + 15, 600, attempt: 2));
        runs.Add(TimedRuns.Make(7, (7 * 60) + 15, 600, attempt: 2));
        runs.Add(TimedRuns.Make(10, (10 * 60) + 15, 600, RunResult.Failed, attempt: 2));

        var insight = new HistoryInsights().Analyse([.. runs.OrderBy(r => r.StartedAt)]);

        Assert.AreEqual(3, insight.RerunFailures);
        Assert.AreEqual(2, insight.IntermittentFailures);
    }

    [TestMethod]
    public void Analyse_NoFinishedRun_IsNothing() =>
        Assert.AreSame(PipelineInsight.None, new HistoryInsights().Analyse([]));

    [TestMethod]
    [DataRow("trend=up|anomaly=normal|risk=high|queue=low|cache=on|tests=low|par=1|event=pr", "deploy-canary", "On pull requests with high failure risk and durations rising: deploy as a canary")]
    [DataRow("trend=flat|anomaly=high|risk=low|queue=high|cache=off|tests=high|par=4+|event=push", "shard-tests", "On pushes with low failure risk, an unusual duration, long queue times, no dependency cache, tests taking most of the run and 4+ test jobs: Shard tests over n jobs")]
    [DataRow("trend=down|risk=mid|event=schedule", "deploy-hold", "On scheduled runs with moderate failure risk and durations falling: hold the deployment")]
    public void Describe_StateAndAction_InWordsWithoutKeys(string state, string action, string expected)
    {
        var words = new HistoryInsights().Describe(new AgentPolicyRow("pipeline+x", state, action, 0.5, 2));

        Assert.AreEqual(expected, words);
        Assert.DoesNotContain("=", words);
    }
}
