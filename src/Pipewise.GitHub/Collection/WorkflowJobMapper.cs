using System.Globalization;
using Octokit;
using Pipewise.Core.Runs;

namespace Pipewise.GitHub;

/// <summary>A workflow job and its steps as a <see cref="JobRecord"/>; the OS comes from a runner label, else from this runner.</summary>
internal sealed class WorkflowJobMapper(GitHubContext context)
{
    public JobRecord Map(WorkflowJob job)
    {
        var os = job.Labels?.FirstOrDefault(l => l.StartsWith("ubuntu", StringComparison.OrdinalIgnoreCase) || l.StartsWith("windows", StringComparison.OrdinalIgnoreCase) || l.StartsWith("macos", StringComparison.OrdinalIgnoreCase))
            ?? (string.Equals(job.RunnerName, context.RunnerName, StringComparison.Ordinal) ? context.RunnerOs : null);
        return new JobRecord
        {
            Name = job.Name ?? job.Id.ToString(CultureInfo.InvariantCulture),
            Id = job.Id.ToString(CultureInfo.InvariantCulture),
            Runner = string.IsNullOrEmpty(job.RunnerName) ? null : job.RunnerName,
            Os = os,
            Labels = job.Labels is { Count: > 0 } labels ? [.. labels] : null,
            QueuedAt = job.CreatedAt,
            StartedAt = job.StartedAt == default ? null : job.StartedAt,
            FinishedAt = job.CompletedAt,
            Result = job.Status.StringValue == "completed" ? GitHubResults.MapConclusion(job.Conclusion?.StringValue) : null,
            Steps =
            [
                .. (job.Steps ?? []).OrderBy(s => s.Number).Select(s => new StepRecord
                {
                    Name = s.Name ?? s.Number.ToString(CultureInfo.InvariantCulture),
                    Number = s.Number,
                    StartedAt = s.StartedAt,
                    FinishedAt = s.CompletedAt,
                    Result = s.Status.StringValue == "completed" ? GitHubResults.MapConclusion(s.Conclusion?.StringValue) : null,
                }),
            ],
        };
    }
}
