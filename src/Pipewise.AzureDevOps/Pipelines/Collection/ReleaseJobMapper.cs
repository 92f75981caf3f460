using System.Globalization;
using Pipewise.AzureDevOps.Rest;
using Pipewise.Core.Runs;

namespace Pipewise.AzureDevOps.Pipelines;

/// <summary>The jobs and tasks of a release deployment attempt (its deploy phases) as <see cref="JobRecord"/>s.</summary>
internal static class ReleaseJobMapper
{
    public static IReadOnlyList<JobRecord> Map(DeploymentAttempt? step)
    {
        var jobs = new List<JobRecord>();
        foreach (var phase in step?.ReleaseDeployPhases ?? [])
        {
            foreach (var job in phase.DeploymentJobs)
            {
                jobs.Add(new JobRecord
                {
                    Name = job.Job?.Name ?? phase.Name ?? "job",
                    Id = job.Job?.Id?.ToString(CultureInfo.InvariantCulture),
                    Runner = job.Job?.AgentName,
                    StartedAt = job.Job?.StartTime,
                    FinishedAt = job.Job?.FinishTime,
                    Result = AzurePipelinesResults.MapTaskStatus(job.Job?.Status),
                    Steps = [.. job.Tasks.OrderBy(t => t.Rank ?? 0).Select((t, i) => new StepRecord
                    {
                        Name = t.Name ?? $"task {i + 1}",
                        Number = t.Rank ?? i + 1,
                        StartedAt = t.StartTime,
                        FinishedAt = t.FinishTime,
                        Result = AzurePipelinesResults.MapTaskStatus(t.Status),
                    })],
                });
            }
        }

        return jobs;
    }
}
