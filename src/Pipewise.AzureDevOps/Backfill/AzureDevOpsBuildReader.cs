using System.Globalization;
using Pipewise.AzureDevOps.Pipelines;
using Pipewise.AzureDevOps.Rest;
using Pipewise.Core.Runs;

namespace Pipewise.AzureDevOps.Backfill;

/// <summary>
/// One completed build read through the REST API as a <see cref="RunRecord"/> (build, timeline, test-run totals:
/// three requests), under the key the in-job collector and the backfill use. For the gate service's service-hook
/// collection, where no job environment exists.
/// </summary>
public sealed class AzureDevOpsBuildReader(IAzureDevOpsClient client, string organization)
{
    private readonly TestRunSummarizer tests = new(client, null);

    /// <param name="project">The project name or id (a service hook names the id).</param>
    /// <param name="buildId">The build id.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="AzureDevOpsApiException">A read was refused or failed after the retries.</exception>
    public async Task<RunRecord> ReadAsync(string project, int buildId, CancellationToken cancellationToken = default)
    {
        var build = await client.GetBuildAsync(project, buildId, cancellationToken).ConfigureAwait(false);
        if (build.Status != BuildStatus.Completed)
        {
            return BuildRecords.From(build, organization, project, null, null);
        }

        var timeline = await client.GetBuildTimelineAsync(project, buildId, cancellationToken).ConfigureAwait(false);
        var testSummary = await tests.SummarizeAsync(project, build.Uri ?? $"vstfs:///Build/Build/{buildId.ToString(CultureInfo.InvariantCulture)}", cancellationToken).ConfigureAwait(false);
        return BuildRecords.From(build, organization, project, timeline, testSummary);
    }
}
