using System.Globalization;
using Pipewise.AzureDevOps.Rest;
using Pipewise.Core.Runs;

namespace Pipewise.AzureDevOps.Pipelines;

/// <summary>
/// A classic release as a <see cref="RunRecord"/>: the release (required), the environment being deployed (the job's,
/// else the one in progress, else the first), and its latest deployment (best effort) for the times and the result.
/// </summary>
internal sealed class ReleaseRunCollector(IAzureDevOpsClient client, AzurePipelinesEnvironment env, Action<string>? warn)
{
    private const int DeploymentsRead = 200;

    public async Task<RunRecord> CollectAsync(CancellationToken cancellationToken)
    {
        var releaseId = RequiredVariables.ReleaseId(env);
        var project = RequiredVariables.Project(env);
        var release = await client.GetReleaseAsync(project, releaseId, cancellationToken).ConfigureAwait(false);
        var environment = release.Environments.FirstOrDefault(e => string.Equals(e.Name, env.ReleaseEnvironmentName, StringComparison.OrdinalIgnoreCase))
            ?? release.Environments.FirstOrDefault(e => e.Status == EnvironmentStatus.InProgress)
            ?? release.Environments.OrderBy(e => e.Rank ?? int.MaxValue).FirstOrDefault();
        var definitionId = release.ReleaseDefinition?.Id ?? env.ReleaseDefinitionId ?? 0;
        var deployment = definitionId > 0 ? await DeploymentAsync(project, releaseId, definitionId, environment, cancellationToken).ConfigureAwait(false) : null;

        var step = environment?.DeploySteps.OrderByDescending(s => s.Attempt ?? 0).FirstOrDefault();
        var attempt = env.ReleaseAttempt ?? deployment?.Attempt ?? step?.Attempt ?? 1;
        var started = deployment?.StartedOn ?? step?.QueuedOn ?? environment?.CreatedOn;
        var result = deployment is not null
            ? AzurePipelinesResults.MapDeploymentStatus(deployment.DeploymentStatus)
            : AzurePipelinesResults.MapEnvironmentStatus(environment?.Status);

        // A finished deployment's last change is its end when the list leaves completedOn out.
        var finished = result is null ? null : deployment?.CompletedOn ?? deployment?.LastModifiedOn ?? environment?.ModifiedOn;

        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        RunProperties.AddIf(properties, "releaseName", release.Name ?? env.ReleaseName);
        RunProperties.AddIf(properties, "reason", deployment?.Reason ?? release.Reason);
        RunProperties.AddIf(properties, "hostType", "release");
        RunProperties.AddIf(properties, "webUrl", env.ReleaseWebUrl);

        return new RunRecord
        {
            Provider = AzurePipelinesCollector.Provider,
            Organization = RequiredVariables.Organization(env),
            Repository = project,
            PipelineId = "release-" + definitionId.ToString(CultureInfo.InvariantCulture),
            PipelineName = release.ReleaseDefinition?.Name ?? env.ReleaseDefinitionName,
            RunId = releaseId.ToString(CultureInfo.InvariantCulture),
            Attempt = attempt,
            Sequence = releaseId,
            Event = AzurePipelinesRefs.NormaliseReason(deployment?.Reason ?? release.Reason),
            QueuedAt = deployment?.QueuedOn ?? step?.QueuedOn,
            StartedAt = started,
            FinishedAt = finished,
            Result = result,
            Jobs = ReleaseJobMapper.Map(step),
            Deployment = environment is null ? null : new DeploymentRecord
            {
                Environment = environment.Name ?? env.ReleaseEnvironmentName ?? "unknown",
                Result = result,
                StartedAt = started,
                FinishedAt = finished,
                DurationSeconds = started is { } s && finished is { } f && f >= s ? (f - s).TotalSeconds : null,
            },
            Properties = properties,
        };
    }

    /// <summary>The latest attempt of this release's deployment to the environment; null when it cannot be listed.</summary>
    private async Task<Deployment?> DeploymentAsync(string project, int releaseId, int definitionId, ReleaseEnvironment? environment, CancellationToken cancellationToken)
    {
        try
        {
            var deployments = await client.GetDeploymentsAsync(project, definitionId, environment?.DefinitionEnvironmentId, DeploymentsRead, cancellationToken).ConfigureAwait(false);
            return deployments
                .Where(d => d.Release?.Id == releaseId && (environment is null || d.ReleaseEnvironment?.Name is null || string.Equals(d.ReleaseEnvironment.Name, environment.Name, StringComparison.OrdinalIgnoreCase)))
                .OrderByDescending(d => d.Attempt ?? 0)
                .FirstOrDefault();
        }
        catch (AzureDevOpsApiException ex)
        {
            warn?.Invoke($"Pipewise could not list the release's deployments, so deployment times are missing: {ex.Message}");
            return null;
        }
    }
}
