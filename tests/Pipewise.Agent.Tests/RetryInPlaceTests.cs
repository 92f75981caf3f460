using Pipewise.Agent.Catalog;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Tests;

[TestClass]
public sealed class RetryInPlaceTests
{
    [TestMethod]
    public void For_RetryAlreadyEnabled_RetryNotSuggestedAgain()
    {
        List<RunRecord> history =
        [
            Runs.Make(1, 300, RunResult.Failed, failingStep: "Start services"),
            Runs.Make(1, 600, RunResult.Succeeded, attempt: 2),
            Runs.Make(2, 300, RunResult.Failed, failingStep: "Start services"),
            Runs.Make(2, 600, RunResult.Succeeded, attempt: 2),
        ];
        var run = Runs.Make(3, 300, RunResult.Failed, failingStep: "Start services");

        Assert.IsTrue(SuggestionRules.For(run, history).Any(c => c.ActionId == ActionCatalog.RetryFlakyStep), "suggested while no retry is in place");
        var retried = run with { Properties = new Dictionary<string, string> { ["retry.enabled"] = "true" } };
        Assert.IsFalse(SuggestionRules.For(retried, history).Any(c => c.ActionId is ActionCatalog.RetryFlakyStep or ActionCatalog.RetryIntermittent));
    }
}
