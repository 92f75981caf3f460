using Pipewise.Core.Hosting;
using Pipewise.Core.Runs;

namespace Pipewise.Core.Reporting;

/// <summary>
/// Clips the strings a run brings from outside (branch, commit, pipeline, job, runner, step and environment names,
/// PR title, commit message) before anything renders them, so that one huge value cannot push the verdict and its
/// reasons out of a size-limited summary or comment. Values longer than <see cref="MaxLength"/> characters keep their
/// first <see cref="MaxLength"/> − 1 characters and end with "…". The stored run is never changed.
/// </summary>
public static class UntrustedText
{
    /// <summary>The longest untrusted string rendered: 200 characters.</summary>
    public const int MaxLength = 200;

    public static string? Clip(string? text) =>
        text is null || text.Length <= MaxLength ? text : string.Concat(text.AsSpan(0, MaxLength - 1), "…");

    /// <summary>The run with every untrusted string clipped, for rendering.</summary>
    public static RunRecord Clip(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run with
        {
            PipelineName = Clip(run.PipelineName),
            Branch = Clip(run.Branch),
            Commit = Clip(run.Commit),
            Event = Clip(run.Event),
            Jobs = [.. run.Jobs.Select(j => j with
            {
                Name = Clip(j.Name)!,
                Runner = Clip(j.Runner),
                Os = Clip(j.Os),
                Steps = [.. j.Steps.Select(s => s with { Name = Clip(s.Name)! })],
            })],
            Deployment = run.Deployment is { } d ? d with { Environment = Clip(d.Environment)!, Strategy = Clip(d.Strategy) } : null,
        };
    }

    /// <summary>The outcome with its run and recent runs clipped.</summary>
    public static RunOutcome Clip(RunOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome with { Run = Clip(outcome.Run), RecentRuns = [.. outcome.RecentRuns.Select(Clip)] };
    }

    /// <summary>The options with the PR title and commit message clipped.</summary>
    public static SummaryOptions Clip(SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with { PullRequestTitle = Clip(options.PullRequestTitle), CommitMessage = Clip(options.CommitMessage) };
    }
}
