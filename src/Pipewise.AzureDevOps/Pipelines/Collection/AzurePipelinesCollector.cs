using Pipewise.AzureDevOps.Rest;
using Pipewise.Core.Runs;

namespace Pipewise.AzureDevOps.Pipelines;

/// <summary>
/// Collects the current Azure Pipelines run as a <see cref="RunRecord"/>: for a build, the build, its timeline
/// (stages, jobs, tasks), queue time and test runs/results; for a classic release, the release, the current
/// environment and its deployment. Provider "azure-devops", organisation from SYSTEM_COLLECTIONURI, repository =
/// project, pipeline id = definition id, run id = build id.
/// </summary>
public sealed class AzurePipelinesCollector
{
    public const string Provider = "azure-devops";

    private readonly AzurePipelinesEnvironment env;
    private readonly BuildRunCollector builds;
    private readonly ReleaseRunCollector releases;

    /// <param name="client">The REST client.</param>
    /// <param name="environment">The job's predefined variables.</param>
    /// <param name="warn">Told what could not be read (the timeline, test runs, deployments); the run is still collected.</param>
    public AzurePipelinesCollector(IAzureDevOpsClient client, AzurePipelinesEnvironment environment, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        env = environment ?? throw new ArgumentNullException(nameof(environment));
        builds = new BuildRunCollector(client, env, warn);
        releases = new ReleaseRunCollector(client, env, warn);
    }

    public Task<RunRecord> CollectAsync(CancellationToken cancellationToken = default) =>
        env.IsRelease ? CollectReleaseAsync(cancellationToken) : CollectBuildAsync(cancellationToken);

    public Task<RunRecord> CollectBuildAsync(CancellationToken cancellationToken = default) => builds.CollectAsync(cancellationToken);

    public Task<RunRecord> CollectReleaseAsync(CancellationToken cancellationToken = default) => releases.CollectAsync(cancellationToken);
}
