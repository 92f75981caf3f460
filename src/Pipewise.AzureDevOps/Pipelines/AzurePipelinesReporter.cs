using System.Globalization;
using Pipewise.AzureDevOps.Rest;
using Pipewise.Core.Gate;
using Pipewise.Core.Hosting;
using Pipewise.Core.Reporting;
using Pipewise.Hosting.Secrets;

namespace Pipewise.AzureDevOps.Pipelines;

/// <summary>What the reporter does besides the logging commands.</summary>
public sealed record AzurePipelinesReporterOptions
{
    public bool PostStatus { get; init; } = true;
    public bool PostComment { get; init; } = true;

    /// <summary>Folder for the summary file; AGENT_TEMPDIRECTORY or the system temp folder when null.</summary>
    public string? SummaryDirectory { get; init; }
}

/// <summary>
/// Reports an outcome the Azure Pipelines way: warnings/errors as <c>task.logissue</c>,
/// output variables (<c>task.setvariable …;isOutput=true</c>), the markdown summary (<c>task.uploadsummary</c>), a
/// build tag, a PR status (genre <c>pipewise</c>, name <c>risk</c>) on the PR's latest iteration, one PR comment
/// updated in place, and <c>task.complete</c>. Reporting failures never throw: they become warnings.
/// </summary>
public sealed class AzurePipelinesReporter(
    IAzureDevOpsClient? client,
    AzurePipelinesEnvironment environment,
    AzurePipelinesReporterOptions options,
    TextWriter output,
    SecretMasker? masker = null)
{
    /// <summary>Status context of the PR status: genre/name = pipewise/risk.</summary>
    public const string StatusGenre = "pipewise";

    public const string StatusName = "risk";

    /// <summary>The hidden marker that finds Pipewise's PR comment again.</summary>
    public const string CommentMarker = "<!-- pipewise:azure-devops:pr-comment -->";

    private readonly AzurePipelinesEnvironment env = environment ?? throw new ArgumentNullException(nameof(environment));
    private readonly AzurePipelinesReporterOptions options = options ?? new AzurePipelinesReporterOptions();
    private readonly LoggingCommands log = new(output ?? throw new ArgumentNullException(nameof(output)), masker);

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
        foreach (var reason in verdict.Reasons.Where(r => r.Severity != Verdict.Pass))
        {
            Try("log an issue", () => log.LogIssue(verdict.Blocks && reason.Severity == Verdict.Fail, "Pipewise: " + reason.Message));
        }

        foreach (var note in outcome.Notes)
        {
            Try("write a note", () => log.Line("Pipewise: " + note));
        }

        foreach (var (name, value) in RunOutputs.From(outcome))
        {
            Try("set an output variable", () => log.SetOutputVariable(VariableName(name), value));
        }

        Try("upload the summary", () => UploadSummary(outcome));

        if (!env.IsRelease)
        {
            Try("add the build tag", () => log.AddBuildTag("pipewise-" + verdict.Verdict.ToString().ToLowerInvariant()));
        }

        if (outcome.Run.PullRequest is { } pr)
        {
            await ReportPullRequestAsync(outcome, pr, cancellationToken).ConfigureAwait(false);
        }

        var (result, message) = verdict.Blocks
            ? ("Failed", "Pipewise gate failed (enforce mode).")
            : verdict.Verdict == Verdict.Pass ? ("Succeeded", "Pipewise: pass.") : ("SucceededWithIssues", $"Pipewise: {verdict.Verdict.ToString().ToLowerInvariant()} ({verdict.Mode.ToString().ToLowerInvariant()} mode, not blocking).");
        Try("complete the task", () => log.Complete(result, message));
    }

    internal string RenderSummary(RunOutcome outcome, string? marker = null) =>
        SummaryRenderer.Render(outcome, new SummaryOptions
        {
            Snippets = SnippetFlavor.AzurePipelines,
            RunUrl = RunUrl(),
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

    private Uri? RunUrl()
    {
        if (env.IsRelease)
        {
            return Uri.TryCreate(env.ReleaseWebUrl, UriKind.Absolute, out var release) ? release : null;
        }

        if (env.CollectionUri is null || env.Project is null || env.BuildId is null)
        {
            return null;
        }

        var collection = env.CollectionUri.AbsoluteUri.EndsWith('/') ? env.CollectionUri.AbsoluteUri : env.CollectionUri.AbsoluteUri + "/";
        return new Uri($"{collection}{Uri.EscapeDataString(env.Project)}/_build/results?buildId={env.BuildId.Value.ToString(CultureInfo.InvariantCulture)}");
    }

    private async Task ReportPullRequestAsync(RunOutcome outcome, int pullRequestId, CancellationToken cancellationToken)
    {
        if (client is null || env.Project is null || env.RepositoryId is null)
        {
            return;
        }

        if (env.RepositoryProvider is { } provider && !string.Equals(provider, "TfsGit", StringComparison.OrdinalIgnoreCase))
        {
            log.Line($"Pipewise: the repository is on {provider}, not Azure Repos; no Azure DevOps PR status or comment is posted.");
            return;
        }

        if (options.PostStatus)
        {
            await TryAsync("post the pull request status", () => PostStatusAsync(outcome, pullRequestId, cancellationToken)).ConfigureAwait(false);
        }

        if (options.PostComment)
        {
            await TryAsync("post the pull request comment", () => UpsertCommentAsync(outcome, pullRequestId, cancellationToken)).ConfigureAwait(false);
        }
    }

    private async Task PostStatusAsync(RunOutcome outcome, int pullRequestId, CancellationToken cancellationToken)
    {
        int? iteration = null;
        try
        {
            var iterations = await client!.GetPullRequestIterationsAsync(env.Project!, env.RepositoryId!, pullRequestId, cancellationToken).ConfigureAwait(false);
            iteration = iterations.Count > 0 ? iterations.Max(i => i.Id) : null;
        }
        catch (AzureDevOpsApiException ex)
        {
            log.Line($"Pipewise: could not read the PR's iterations, so the status is posted on the pull request itself: {ex.Message}");
        }

        var verdict = outcome.Verdict;
        var state = verdict.Blocks ? GitStatusState.Failed : GitStatusState.Succeeded;
        var risk = outcome.Forecast is { } f ? $"risk {f.FailureProbability.ToString("0.00", CultureInfo.InvariantCulture)}" : "no forecast yet";
        var description = $"Pipewise {verdict.Verdict.ToString().ToLowerInvariant()} ({verdict.Mode.ToString().ToLowerInvariant()}): {risk}";
        await client!.CreatePullRequestStatusAsync(
            env.Project!,
            env.RepositoryId!,
            pullRequestId,
            new GitPullRequestStatus
            {
                State = state,
                Description = description,
                Context = new GitStatusContext { Genre = StatusGenre, Name = StatusName },
                TargetUrl = RunUrl()?.AbsoluteUri,
                IterationId = iteration,
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task UpsertCommentAsync(RunOutcome outcome, int pullRequestId, CancellationToken cancellationToken)
    {
        var content = RenderSummary(outcome, CommentMarker);
        var threads = await client!.GetThreadsAsync(env.Project!, env.RepositoryId!, pullRequestId, cancellationToken).ConfigureAwait(false);
        foreach (var thread in threads.Where(t => t.IsDeleted != true))
        {
            var comment = thread.Comments.FirstOrDefault(c => c.IsDeleted != true && c.Content?.Contains(CommentMarker, StringComparison.Ordinal) == true);
            if (comment is not null)
            {
                await client.UpdateCommentAsync(env.Project!, env.RepositoryId!, pullRequestId, thread.Id, comment.Id, content, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        await client.CreateThreadAsync(env.Project!, env.RepositoryId!, pullRequestId, content, cancellationToken).ConfigureAwait(false);
    }

    private void Try(string what, Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Warn(what, ex);
        }
    }

    private async Task TryAsync(string what, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Warn(what, ex);
        }
    }

    private void Warn(string what, Exception ex)
    {
        try
        {
            log.LogIssue(false, $"Pipewise could not {what} (the pipeline goes on): {ex.Message}");
        }
        catch (IOException)
        {
            // The log itself is gone; nothing more to do.
        }
    }
}
