using Pipewise.Core.Reporting;
using Pipewise.Core.Runs;
using Pipewise.Testing;

namespace Pipewise.Core.Tests;

[TestClass]
public sealed class UntrustedTextTests
{
    [TestMethod]
    public void Render_MegabyteBranchAndJobName_KeepsTheVerdictAndEveryReason()
    {
        var huge = new string('b', 1_100_000);
        var run = Outcomes.Run(branch: huge, jobName: new string('j', 500_000));
        var outcome = Outcomes.Outcome(run);

        var text = SummaryRenderer.Render(outcome, new SummaryOptions { MaxBytes = 60_000, CommitMessage = new string('c', 300_000) });

        foreach (var reason in outcome.Verdict.Reasons)
        {
            StringAssert.Contains(text, Markdown.Escape(reason.Message));
        }

        Assert.IsFalse(text.Contains(new string('b', UntrustedText.MaxLength), StringComparison.Ordinal), "the branch is clipped");
        StringAssert.Contains(text, new string('b', UntrustedText.MaxLength - 1) + "…");
        Assert.IsLessThan(60_000, System.Text.Encoding.UTF8.GetByteCount(text));
    }

    [TestMethod]
    public void Clip_ShortValues_AreUnchangedAndTheStoredRunIsNotTouched()
    {
        var run = Outcomes.Run(branch: new string('x', 1000));

        var clipped = UntrustedText.Clip(run);

        Assert.AreEqual("main", UntrustedText.Clip(Outcomes.Run(branch: "main")).Branch);
        Assert.AreEqual(UntrustedText.MaxLength, clipped.Branch!.Length);
        Assert.AreEqual(1000, run.Branch!.Length);
    }
}
