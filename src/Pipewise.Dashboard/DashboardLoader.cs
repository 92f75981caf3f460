using Pipewise.Core.Agent;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Dashboard;

/// <summary>Loads the dashboard model from the store; every part is optional and its failure is reported, not thrown.</summary>
public static class DashboardLoader
{
    public static async Task<DashboardModel> LoadAsync(
        IPipewiseStore store,
        IPredictionTracker? predictions,
        IVerdictLog? verdicts,
        IAgentPolicyReader? agent,
        TimeProvider time,
        int runs = 40,
        string? onlyPipeline = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        var problems = new List<string>();
        IReadOnlyList<PipelineKey> keys = [];
        try
        {
            keys = await store.ListPipelinesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            problems.Add($"The store could not list pipelines: {ex.Message}");
        }

        if (onlyPipeline is not null)
        {
            keys = [.. keys.Where(k => k.ToString() == onlyPipeline)];
        }

        var agentRows = new List<AgentPolicyRow>();
        if (agent is not null)
        {
            var policies = await agent.ReadAsync(200, cancellationToken).ConfigureAwait(false);
            agentRows.AddRange(policies.Rows);
            problems.AddRange(policies.Problems);
        }

        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var pipelines = new List<PipelineDashboard>();
        foreach (var key in keys.OrderBy(k => k.ToString(), StringComparer.Ordinal))
        {
            var local = new List<string>();
            IReadOnlyList<RunRecord> recent = [];
            IReadOnlyList<PredictionRecord> predicted = [];
            IReadOnlyList<VerdictRecord> given = [];
            try
            {
                recent = await store.GetLastRunsAsync(key, runs, null, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                local.Add($"Runs could not be read: {ex.Message}");
            }

            if (predictions is not null)
            {
                try
                {
                    predicted = await predictions.GetRecentAsync(key, runs, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    local.Add($"Forecast history could not be read: {ex.Message}");
                }
            }

            if (verdicts is not null)
            {
                try
                {
                    given = await verdicts.GetRecentAsync(key, 15, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    local.Add($"Verdicts could not be read: {ex.Message}");
                }
            }

            // An agent document belongs to a pipeline when its scope names the pipeline's key or id.
            var scopes = agent?.ScopesOf(key) ?? new HashSet<string>();
            var mine = agentRows.Where(r => scopes.Contains(r.Scope)).ToList();
            foreach (var r in mine)
            {
                claimed.Add(r.Scope);
            }

            pipelines.Add(new PipelineDashboard
            {
                Key = key,
                Name = recent.LastOrDefault(r => r.PipelineName is not null)?.PipelineName ?? key.PipelineId,
                Runs = recent,
                Predictions = predicted,
                Verdicts = given,
                Agent = mine,
                Problems = local,
            });
        }

        return new DashboardModel
        {
            GeneratedAt = time.GetUtcNow(),
            Store = store.Description,
            Pipelines = pipelines,
            SharedAgent = [.. agentRows.Where(r => !claimed.Contains(r.Scope))],
            Problems = problems,
        };
    }
}
