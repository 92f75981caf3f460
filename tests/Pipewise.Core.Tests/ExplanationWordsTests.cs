using Pipewise.Core.Forecasting;
using Pipewise.Core.Gate;
using Pipewise.Core.Reporting;

namespace Pipewise.Core.Tests;

/// <summary>What moved the risk is written in words a person reads, never as feature ids.</summary>
[TestClass]
public sealed class ExplanationWordsTests
{
    private static GateVerdict Verdict(params FeatureContribution[] features) => new()
    {
        Verdict = Gate.Verdict.Warn,
        Mode = GateMode.Advise,
        Reasons = [new GateReason(ReasonCodes.FailureRisk, Gate.Verdict.Warn, 0.6, 0.5, "failure probability 0.60 ≥ warn threshold 0.50")],
        ModelVersion = "bilstm@test",
        TopFeatures = features,
    };

    [TestMethod]
    public void Features_WithDescriptions_TableInWordsAndPercentagePoints()
    {
        var v = Verdict(
            new FeatureContribution("run[-1].failed", 1, 0.123) { Description = "the previous run failed" },
            new FeatureContribution("next.event_pull_request", 1, -0.02) { Description = "a pull request" });

        var table = VerdictMarkdown.Features(v, "###")!;

        StringAssert.Contains(table, "| The previous run failed | +12.3 points |");
        StringAssert.Contains(table, "| A pull request | -2.0 points |");
        Assert.IsFalse(table.Contains("run[-1]", StringComparison.Ordinal), table);
        Assert.IsFalse(table.Contains("event_pull_request", StringComparison.Ordinal), table);
    }

    [TestMethod]
    public void ReviewComment_WithDescriptions_NamesWhatMovedTheRiskInWords()
    {
        var v = Verdict(new FeatureContribution("run[-1].failed", 1, 0.05) { Description = "the previous run failed" });
        var assessment = new Assessment.RunAssessment { Pipeline = new Runs.PipelineKey("github", "octo", "app", "ci"), Verdict = v, Attempt = 1 };

        var comment = VerdictMarkdown.ReviewComment(assessment, 2000);

        StringAssert.Contains(comment, "what moved the risk most: The previous run failed (+5.0 points)");
        Assert.IsFalse(comment.Contains("run[-1]", StringComparison.Ordinal), comment);
    }
}
