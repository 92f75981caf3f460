using Pipewise.AzureDevOps.Rest;
using Pipewise.Core.Gate;
using Pipewise.Core.Hosting;
using Pipewise.Core.Reporting;
using Pipewise.Hosting.Secrets;

namespace Pipewise.AzureDevOps.Pipelines;

/// <summary>
/// Reports an outcome the Azure Pipelines way: warnings/errors as <c>task.logissue</c>,
/// output variables (<c>task.setvariable …;isOutput=true</c>), the markdown summary (<c>task.uploadsummary</c>), a
/// build tag, a PR status (genre <c>pipewise</c>, name <c>risk</c>) on the PR's latest iteration, one PR comment
/// updated in place, and <c>task.complete</c>. Reporting failures never throw: they become warnings.
/// </summary>
public sealed class AzurePipelinesReporter
{
    /// <summary>Status context of the PR status: genre/name = pipewise/risk.</summary>
    public const string StatusGenre = "pipewise";

    public const string StatusName = "risk";

    /// <summary>The hidden marker that finds Pipewise's PR comment again.</summary>
    public const string CommentMarker = "<!-- pipewise:azure-devops:pr-comment -->";

    private readonly AzurePipelinesEnvironment env;
    private readonly AzurePipelinesReporterOptions options;
    private readonly LoggingCommands log;
    private readonly FailOpen failOpen;
    private readonly PullRequestReporter pullRequests;

    public AzurePipelinesReporter(
        IAzureDevOpsClient? client,
        AzurePipelinesEnvironment environment,
        AzurePipelinesReporterOptions options,
        TextWriter output,
        SecretMasker? masker = null)
    {
        env = environment ?? throw new ArgumentNullException(nameof(environment));
        this.options = options ?? new AzurePipelinesReporterOptions();
        log = new LoggingCommands(output ?? throw new ArgumentNullException(nameof(output)), masker);
        failOpen = new FailOpen(log);
        pullRequests = new PullRequestReporter(client, env, this.options, log, failOpen, RenderSummary);
    }

    /// <summary>
    /// Output variable names: the GitHub action's outputs in camelCase, because task.json output variable names must
    /// match <c>^[A-Za-z][A-Za-z0-9]*$</c> (expected-duration → expectedDuration).
    /// </summary>
    public static string VariableName(string outputName)
    {
        ArgumentNullException.ThrowIfNull(outputName);
        var parts = outputName.Split(['-', '_', '.'], StringSplitOptions.RemoveEmptyEntries);
        return string.Concat(parts.Select((p, i) => i == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
    }

    public async Task ReportAsync(RunOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var verdict = outcome.Verdict;
        log.Line($"Pipewise: verdict {verdict.Verdict.ToString().ToLowerInvariant()} ({verdict.Mode.ToString().ToLowerInvariant()} mode) for {outcome.Run.PipelineName ?? outcome.Run.PipelineId} run {outcome.Run.RunId}.");
        foreach (var reason in verdict.Reasons.Where(ReasonCodes.IsAnnotated))
        {
            failOpen.Try("log an issue", () => log.LogIssue(verdict.Blocks && reason.Severity == Verdict.Fail, "Pipewise: " + reason.Message));
        }

        foreach (var note in outcome.Notes)
        {
            failOpen.Try("write a note", () => log.Line("Pipewise: " + note));
        }

        foreach (var (name, value) in RunOutputs.From(outcome))
        {
            failOpen.Try("set an output variable", () => log.SetOutputVariable(VariableName(name), value));
        }

        failOpen.Try("upload the summary", () => UploadSummary(outcome));

        if (!env.IsRelease)
        {
            failOpen.Try("add the build tag", () => log.AddBuildTag("pipewise-" + verdict.Verdict.ToString().ToLowerInvariant()));
        }

        if (outcome.Run.PullRequest is { } pr)
        {
            await pullRequests.ReportAsync(outcome, pr, cancellationToken).ConfigureAwait(false);
        }

        var (result, message) = verdict.Blocks
            ? ("Failed", "Pipewise gate failed (enforce mode).")
            : verdict.Verdict == Verdict.Pass ? ("Succeeded", "Pipewise: pass.") : ("SucceededWithIssues", $"Pipewise: {verdict.Verdict.ToString().ToLowerInvariant()} ({verdict.Mode.ToString().ToLowerInvariant()} mode, not blocking).");
        failOpen.Try("complete the task", () => log.Complete(result, message));
    }

    internal string RenderSummary(RunOutcome outcome, string? marker = null) =>
        SummaryRenderer.Render(outcome, new SummaryOptions
        {
            Snippets = SnippetFlavor.AzurePipelines,
            RunUrl = AzurePipelinesLinks.RunUrl(env),
            Marker = marker,

            // Azure DevOps renders mermaid only in wikis (as ::: mermaid), not in build summaries or PR comments.
            IncludeChart = false,

            // Azure DevOps PR comments are limited to 150,000 characters; the summary tab has no documented limit.
            MaxBytes = marker is null ? 1_000_000 : 140_000,
        });

    private void UploadSummary(RunOutcome outcome)
    {
        var root = options.SummaryDirectory ?? env.TempDirectory ?? Path.GetTempPath();
        var folder = Path.Combine(root, $"pipewise-{outcome.Run.RunId}-{outcome.Run.Attempt}");
        Directory.CreateDirectory(folder);

        // The file name is the tab's title on the run page.
        var path = Path.GetFullPath(Path.Combine(folder, "Pipewise.md"));
        File.WriteAllText(path, RenderSummary(outcome));
        log.UploadSummary(path);
    }
}
