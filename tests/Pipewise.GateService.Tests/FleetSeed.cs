using System.Globalization;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.GateService.Tests;

/// <summary>A fleet of pipelines for the overview tests: distinct names, organisations, failure rates and durations.</summary>
internal static class FleetSeed
{
    public const string Needle = "needle-service";
    public const string HostileName = "<script>alert('x')</script><img src=x onerror=alert(1)> deploy";
    public static readonly PipelineKey NeedleKey = new("github", "org-needle", "needle", "ci.yml");
    public static readonly PipelineKey HostileKey = new("azure-devops", "org-<b>", "shop\"'", "<i>7</i>");

    /// <summary>Stores <paramref name="pipelines"/> ordinary pipelines (org-0 … org-6), one that always fails, and one with a hostile name.</summary>
    public static async Task<int> SeedAsync(IPipewiseStore store, int pipelines, int runsEach = 8)
    {
        for (var i = 0; i < pipelines; i++)
        {
            var key = new PipelineKey("github", "org-" + (i % 7).ToString(CultureInfo.InvariantCulture), "repo-" + i.ToString("0000", CultureInfo.InvariantCulture), "ci.yml");
            await AddAsync(store, key, "service-" + i.ToString("0000", CultureInfo.InvariantCulture), runsEach, j => j < i % 4, 120 + (i % 50 * 10));
        }

        await AddAsync(store, NeedleKey, Needle, runsEach, _ => true, 90);
        await AddAsync(store, HostileKey, HostileName, runsEach, _ => false, 60);
        return pipelines + 2;
    }

    private static async Task AddAsync(IPipewiseStore store, PipelineKey key, string name, int runs, Func<int, bool> failed, double seconds)
    {
        for (var j = 0; j < runs; j++)
        {
            var started = Runs.Start.AddHours(j * 12);
            await store.AppendRunAsync(new RunRecord
            {
                Provider = key.Provider,
                Organization = key.Organization,
                Repository = key.Repository,
                PipelineId = key.PipelineId,
                PipelineName = name,
                RunId = (5000 + j).ToString(CultureInfo.InvariantCulture),
                Number = j + 1,
                Event = "push",
                Branch = "main",
                Commit = "c0ffee" + j.ToString("0000", CultureInfo.InvariantCulture),
                StartedAt = started,
                FinishedAt = started.AddSeconds(seconds + j),
                Result = failed(j) ? RunResult.Failed : RunResult.Succeeded,
            });
        }
    }
}
