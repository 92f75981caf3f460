using Pipewise.Core.Gate;
using Pipewise.Core.Hosting;
using Pipewise.Core.Reporting;
using Pipewise.GitHub.Runner;

namespace Pipewise.GitHub;

/// <summary>What the job itself shows of an outcome: the job summary, at most a few annotations, and the step outputs.</summary>
internal sealed class JobReportWriter(GitHubContext context, WorkflowCommands commands)
{
    public void WriteSummary(RunOutcome outcome, GitHubEventPayload payload)
    {
        if (context.StepSummaryPath is not { } path)
        {
            commands.Info("Pipewise: GITHUB_STEP_SUMMARY is not set; no job summary written.");
            return;
        }

        var existing = File.Exists(path) ? new FileInfo(path).Length : 0;
        var budget = (int)Math.Max(1024, EnvironmentFiles.StepSummaryLimitBytes - existing - 4096);
        var markdown = SummaryRenderer.Render(outcome, GitHubSummaryOptions.For(context, payload, budget));
        EnvironmentFiles.AppendStepSummary(path, markdown);
    }

    public void WriteAnnotations(RunOutcome outcome)
    {
        var written = 0;
        var v = outcome.Verdict;
        if (v.Verdict != Verdict.Pass || ReasonCodes.HasPipewiseError(v))
        {
            var reasons = string.Join("; ", v.Reasons.Where(ReasonCodes.IsAnnotated).OrderByDescending(r => r.Severity).Select(r => r.Message));
            var title = $"Pipewise verdict: {v.Verdict.ToString().ToLowerInvariant()}" + (v.Blocks ? " (enforced)" : ReasonCodes.HasPipewiseError(v) && v.Verdict == Verdict.Pass ? " (failing open)" : string.Empty);
            if (v.Blocks)
            {
                commands.Error(reasons, title);
            }
            else
            {
                commands.Warning(reasons, title);
            }

            written++;
        }

        if (outcome.Decision?.Suggestions is { Count: > 0 } suggestions && written < GitHubReporter.MaxAnnotations)
        {
            var top = suggestions[0];
            var saving = top.ExpectedSavingSeconds is { } s && s > 0 ? $" (could save about {SummaryRenderer.FormatDuration(s)} per run)" : string.Empty;
            commands.Warning($"{top.Title}{saving}: {top.Evidence}. The job summary has the YAML to paste.", "Pipewise suggestion");
            written++;
        }

        if (outcome.Notes.Count > 0 && written < GitHubReporter.MaxAnnotations && outcome.Verdict.Reasons.Any(r => r.Code == "pipewise-error"))
        {
            commands.Warning(string.Join(" ", outcome.Notes), "Pipewise could not score this run");
        }
    }

    public void WriteOutputs(RunOutcome outcome)
    {
        var outputs = RunOutputs.From(outcome);
        if (context.OutputPath is not { } path)
        {
            commands.Info("Pipewise: GITHUB_OUTPUT is not set; outputs: " + string.Join(", ", outputs.Where(o => o.Key != "suggestions").Select(o => $"{o.Key}={o.Value}")));
            return;
        }

        EnvironmentFiles.AppendOutputs(path, outputs);
    }
}
