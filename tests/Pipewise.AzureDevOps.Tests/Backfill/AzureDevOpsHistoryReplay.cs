using System.Globalization;
using System.Text.Json.Nodes;
using Pipewise.Testing;

namespace Pipewise.AzureDevOps.Tests.Backfill;

/// <summary>
/// A project's build history for a <see cref="ReplayServer"/>, generated at test time from the published examples in
/// ../shared/fixtures/azure-devops/rest: the example build cloned <see cref="Builds"/> times (newest first, pages of
/// <c>$top</c> chained by <c>x-ms-continuationtoken</c>), the example timeline for each (attempt 2 for
/// <see cref="RetriedId"/>) and the example test runs with their totals.
/// </summary>
internal sealed class AzureDevOpsHistoryReplay
{
    private readonly JsonObject buildTemplate;
    private readonly JsonObject timelineTemplate;
    private readonly string testRuns;

    public AzureDevOpsHistoryReplay(int builds)
    {
        Builds = builds;
        buildTemplate = JsonNode.Parse(Fixtures.Body("build-builds-get.json"))!.AsObject();
        timelineTemplate = JsonNode.Parse(Fixtures.Body("build-timeline-get.json"))!.AsObject();
        testRuns = Fixtures.Body("test-runs-list-include-run-details.json");
    }

    public int Builds { get; }

    public static int BuildId(int index) => 5000 + index;

    public int RetriedId => BuildId(1);

    public Func<RecordedRequest, ReplayResponse?>? Intercept { get; set; }

    public ReplayServer MapOn(ReplayServer server)
    {
        var p = Fixtures.ProjectPath();
        server.Map("GET", p + "build/builds", r => Intercept?.Invoke(r) ?? List(r));
        server.Map("GET", p + "build/builds/{id}/timeline", r => Intercept?.Invoke(r) ?? Timeline(r));
        server.Map("GET", p + "test/runs", r => Intercept?.Invoke(r) ?? ReplayResponse.Json(testRuns));
        return server;
    }

    private ReplayResponse List(RecordedRequest r)
    {
        var q = Fixtures.QueryOf(r);
        var top = int.Parse(q["$top"], CultureInfo.InvariantCulture);
        var skip = q.TryGetValue("continuationToken", out var token) ? int.Parse(token[4..], CultureInfo.InvariantCulture) : 0;
        var value = new JsonArray();
        for (var i = Builds - 1 - skip; i >= 0 && value.Count < top; i--)
        {
            var build = buildTemplate.DeepClone().AsObject();
            build["id"] = BuildId(i);
            build["uri"] = "vstfs:///Build/Build/" + BuildId(i).ToString(CultureInfo.InvariantCulture);
            build["buildNumber"] = (20260101 + i).ToString(CultureInfo.InvariantCulture);
            build["queueTime"] = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(i).ToString("O", CultureInfo.InvariantCulture);
            build["startTime"] = new DateTimeOffset(2026, 1, 1, 0, 0, 5, TimeSpan.Zero).AddHours(i).ToString("O", CultureInfo.InvariantCulture);
            build["finishTime"] = new DateTimeOffset(2026, 1, 1, 0, 6, 0, TimeSpan.Zero).AddHours(i).AddSeconds(i % 7 * 10).ToString("O", CultureInfo.InvariantCulture);
            value.Add(build);
        }

        var next = skip + value.Count;
        var headers = next < Builds ? new Dictionary<string, string> { ["x-ms-continuationtoken"] = "skip" + next.ToString(CultureInfo.InvariantCulture) } : null;
        return ReplayResponse.Json(new JsonObject { ["count"] = value.Count, ["value"] = value }.ToJsonString(), headers: headers);
    }

    private ReplayResponse Timeline(RecordedRequest r)
    {
        var id = int.Parse(r.Path.Split('/')[^2], CultureInfo.InvariantCulture);
        var timeline = timelineTemplate.DeepClone().AsObject();
        if (id == RetriedId)
        {
            foreach (var record in timeline["records"]!.AsArray())
            {
                record!["attempt"] = 2;
            }
        }

        return ReplayResponse.Json(timeline.ToJsonString());
    }
}
