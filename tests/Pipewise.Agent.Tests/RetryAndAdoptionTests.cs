using Pipewise.Agent.Catalog;
using Pipewise.Agent.Learning;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Tests;

[TestClass]
public sealed class RetryAndAdoptionTests
{
    /// <summary>Three intermittent failures at "Start services", re-run by hand; two re-runs passed.</summary>
    private static List<RunRecord> FlakyHistory() =>
    [
        Runs.Make(1, 300, RunResult.Failed, failingStep: "Start services"),
        Runs.Make(1, 600, RunResult.Succeeded, attempt: 2),
        Runs.Make(2, 600),
        Runs.Make(3, 300, RunResult.Failed, failingStep: "Start services"),
        Runs.Make(3, 600, RunResult.Succeeded, attempt: 2),
        Runs.Make(4, 300, RunResult.Failed, failingStep: "Start services"),
        Runs.Make(4, 300, RunResult.Failed, attempt: 2, failingStep: "Start services"),
    ];

    [TestMethod]
    public void Estimate_ReRunAttempts_CountsSuccessesAndCost()
    {
        var estimate = RetryEstimator.Estimate(Runs.Make(5, 300, RunResult.Failed, failingStep: "Start services"), FlakyHistory());
        Assert.AreEqual(3, estimate.Observed);
        Assert.AreEqual(2, estimate.Succeeded);
        Assert.AreEqual(0.6, estimate.SuccessProbability, 1e-12);
        Assert.AreEqual(10, estimate.StepCostSeconds!.Value, 1e-9);
        Assert.AreEqual(500, estimate.RerunCostSeconds!.Value, 1e-9);
        Assert.AreEqual("Start services", estimate.FailingStep);
        Assert.IsTrue(estimate.Recommended);
    }

    [TestMethod]
    public void Tuning_IntermittentFailure_SuggestsRetryWithEstimate()
    {
        var run = Runs.Make(5, 300, RunResult.Failed, failingStep: "Start services");
        var retry = SuggestionRules.Tuning(PipelineEvidence.From(run, FlakyHistory())).SingleOrDefault(c => c.ActionId == ActionCatalog.RetryFlakyStep);
        Assert.IsNotNull(retry);
        Assert.Contains("2 of 3 re-runs", retry.Evidence);
        Assert.AreEqual("Start services", retry.Values["step"]);
    }

    [TestMethod]
    [DataRow("Start services", 3, DisplayName = "failed tests")]
    [DataRow("Compile sources", 0, DisplayName = "compile step")]
    [DataRow("Build", 0, DisplayName = "build step")]
    [DataRow("Run unit tests", 0, DisplayName = "test step")]
    public void Tuning_RealTestOrCompileFailure_NeverSuggestsRetry(string step, int failedTests)
    {
        var run = Runs.Make(5, 300, RunResult.Failed, failingStep: step, failedTests: failedTests);
        var candidates = SuggestionRules.Tuning(PipelineEvidence.From(run, FlakyHistory()));
        Assert.IsFalse(candidates.Any(c => c.ActionId == ActionCatalog.RetryFlakyStep), $"retry suggested for a real failure at '{step}'");
    }

    [TestMethod]
    public void Estimate_ReRunsOfRealFailures_AreNotEvidence()
    {
        List<RunRecord> history =
        [
            Runs.Make(1, 300, RunResult.Failed, failingStep: "Test", failedTests: 2),
            Runs.Make(1, 600, RunResult.Succeeded, attempt: 2),
            Runs.Make(2, 300, RunResult.Failed, failingStep: "Compile"),
            Runs.Make(2, 600, RunResult.Succeeded, attempt: 2),
        ];
        var estimate = RetryEstimator.Estimate(Runs.Make(3, 300, RunResult.Failed, failingStep: "Start services"), history);
        Assert.AreEqual(0, estimate.Observed);
        Assert.IsFalse(estimate.Recommended);
    }

    [TestMethod]
    public void Credit_CacheStepAppeared_CreditsCacheWhateverWasSuggested()
    {
        var before = new PipelineSnapshot { Cache = false };
        var after = new PipelineSnapshot { Cache = true };
        Assert.AreEqual(ActionCatalog.CacheDependencies, Adoption.Credit(ActionCatalog.ShardTests, before, after));
        Assert.AreEqual(ActionCatalog.ShardTests, Adoption.Credit(ActionCatalog.ShardTests, before, before with { TestJobs = 4 }));
        Assert.AreEqual(ActionCatalog.LargerRunner, Adoption.Credit(ActionCatalog.NoChange, before, before with { RunnerSize = 3 }));
    }

    [TestMethod]
    public void Credit_ObservableSuggestionNotAdopted_CreditsNoChange()
    {
        var same = new PipelineSnapshot();
        Assert.AreEqual(ActionCatalog.NoChange, Adoption.Credit(ActionCatalog.CacheDependencies, same, same));

        // A timeout cannot be seen in most run records: assumed adopted.
        Assert.AreEqual(ActionCatalog.TimeoutFromP99, Adoption.Credit(ActionCatalog.TimeoutFromP99, same, same));
    }

    [TestMethod]
    public void Tuning_SlowInstallWithoutCache_SuggestsCacheWithSnippets()
    {
        var run = Runs.Make(3, 600, dependencySeconds: 200, testSeconds: 300);
        var evidence = PipelineEvidence.From(run, [Runs.Make(1, 600, dependencySeconds: 200, testSeconds: 300), Runs.Make(2, 600, dependencySeconds: 200, testSeconds: 300)]);
        var cache = SuggestionRules.Tuning(evidence).Single(c => c.ActionId == ActionCatalog.CacheDependencies);
        var suggestion = ActionCatalog.ToSuggestion(cache.ActionId, cache.Evidence, cache.ExpectedSavingSeconds, cache.Values);
        Assert.Contains("actions/cache", suggestion.GitHubSnippet!);
        Assert.Contains("Cache@2", suggestion.AzurePipelinesSnippet!);
        Assert.Contains("200 s", suggestion.Evidence);
    }

    [TestMethod]
    public void Catalog_EveryTuningActionButNoChange_HasBothSnippets()
    {
        foreach (var action in ActionCatalog.All.Where(a => a.Id is not (ActionCatalog.NoChange or ActionCatalog.DeployProceed)))
        {
            Assert.IsFalse(string.IsNullOrWhiteSpace(action.GitHubSnippet), action.Id);
            Assert.IsFalse(string.IsNullOrWhiteSpace(action.AzurePipelinesSnippet), action.Id);
        }
    }

    [TestMethod]
    public void Tuning_ShortRunWithNothingKnownAboutItsRunner_SuggestsNoRunnerSizeChange()
    {
        // An imported Travis build: a duration and a result, but no runner, labels or step times.
        RunRecord Imported(int id) => new()
        {
            Provider = "travis", Organization = "o", Repository = "r", PipelineId = "travis-ci", RunId = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            DurationSeconds = 40, Result = RunResult.Succeeded, Jobs = [new JobRecord { Name = "job 1" }],
        };

        var candidates = SuggestionRules.Tuning(PipelineEvidence.From(Imported(3), [Imported(1), Imported(2)]));

        Assert.IsFalse(candidates.Any(c => c.ActionId is ActionCatalog.SmallerRunner or ActionCatalog.LargerRunner), string.Join(", ", candidates.Select(c => c.ActionId)));
    }
}
