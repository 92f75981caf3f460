using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Pipewise.Testing;

/// <summary>
/// A repository's Actions history for a <see cref="ReplayServer"/>, generated at test time from GitHub's published
/// examples (../shared/fixtures/github/rest): the example run cloned <see cref="Runs"/> times with distinct ids
/// (newest first, pages of list-workflow-runs honouring <c>per_page</c>/<c>page</c>, an ETag on page 1 and 304 for
/// <c>If-None-Match</c>), each run's jobs cloned from the example job (one, or <see cref="BigRunJobs"/> for
/// <see cref="BigRunId"/>, paged), and earlier attempts for <see cref="RerunId"/>.
/// </summary>
public sealed class GitHubHistoryReplay
{
    public const string Owner = "octo-org";
    public const string Repo = "octo-repo";
    public const long WorkflowId = 159038;

    private readonly JsonObject runTemplate;
    private readonly JsonObject jobTemplate;

    public GitHubHistoryReplay(int runs)
    {
        Runs = runs;
        runTemplate = JsonNode.Parse(File.ReadAllText(SharedFiles.Require("fixtures/github/rest/actions-get-workflow-run.json")))!.AsObject();
        jobTemplate = JsonNode.Parse(File.ReadAllText(SharedFiles.Require("fixtures/github/rest/actions-list-jobs-for-workflow-run.json")))!["jobs"]![0]!.AsObject();
    }

    public int Runs { get; }

    /// <summary>The ETag of the first page of runs; it changes with the number of runs.</summary>
    public string FirstPageETag => "\"history-" + Runs.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>The run with many jobs (default the oldest run).</summary>
    public long BigRunId => RunId(0);

    public int BigRunJobs { get; init; } = 250;

    /// <summary>A run whose latest attempt is 2 (the first attempt is served too).</summary>
    public long RerunId => RunId(1);

    /// <summary>Before the normal answer: return non-null to answer a request differently (faults, rate limits).</summary>
    public Func<RecordedRequest, ReplayResponse?>? Intercept { get; set; }

    public static long RunId(int index) => 7_000_000 + index;

    /// <summary>Every job of every run attempt served (what a complete backfill must store).</summary>
    public int TotalJobs => Runs - 1 + BigRunJobs + 1;

    public ReplayServer MapOn(ReplayServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var actions = $"/repos/{Owner}/{Repo}/actions";
        server.Map("GET", actions + "/runs", r => Intercept?.Invoke(r) ?? List(r));
        server.Map("GET", actions + $"/workflows/{WorkflowId}/runs", r => Intercept?.Invoke(r) ?? List(r));
        server.Map("GET", actions + "/workflows/build.yml/runs", r => Intercept?.Invoke(r) ?? List(r));
        server.Map("GET", actions + "/runs/{id}/attempts/{n}/jobs", r => Intercept?.Invoke(r) ?? Jobs(r));
        server.Map("GET", actions + "/runs/{id}/attempts/{n}", r => Intercept?.Invoke(r) ?? Attempt(r));
        server.Map("GET", actions + "/runs/{id}", r => Intercept?.Invoke(r) ?? ReplayResponse.Json(Run(Index(long.Parse(r.Path.Split('/')[6], CultureInfo.InvariantCulture)), null).ToJsonString()));
        return server;
    }

    /// <summary>The run at <paramref name="index"/> (0 = oldest) as the API shows it; <paramref name="attempt"/> null for the latest.</summary>
    public JsonObject Run(int index, int? attempt)
    {
        var run = runTemplate.DeepClone().AsObject();
        var id = RunId(index);
        var created = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(index);
        run["id"] = id;
        run["run_number"] = index + 1;
        run["workflow_id"] = WorkflowId;
        run["path"] = ".github/workflows/build.yml@main";
        run["head_branch"] = "main";
        var repository = run["repository"]!.AsObject();
        repository["name"] = Repo;
        repository["full_name"] = Owner + "/" + Repo;
        repository["owner"]!["login"] = Owner;
        repository["default_branch"] = "main";
        run["status"] = "completed";
        run["conclusion"] = index % 7 == 3 ? "failure" : "success";
        run["run_attempt"] = attempt ?? (id == RerunId ? 2 : 1);
        run["created_at"] = Iso(created);
        run["run_started_at"] = Iso(created.AddSeconds(5));
        run["updated_at"] = Iso(created.AddMinutes(8 + (index % 5)));
        return run;
    }

    private ReplayResponse List(RecordedRequest r)
    {
        var q = QueryHelpers.ParseQuery(r.Query);
        var perPage = q.TryGetValue("per_page", out var pp) ? int.Parse(pp!, CultureInfo.InvariantCulture) : 30;
        var page = q.TryGetValue("page", out var p) ? int.Parse(p!, CultureInfo.InvariantCulture) : 1;
        if (page == 1 && r.Header("If-None-Match") == FirstPageETag)
        {
            return new ReplayResponse(304, null, new Dictionary<string, string> { ["ETag"] = FirstPageETag });
        }

        var runs = new JsonArray();
        for (var i = Runs - 1 - ((page - 1) * perPage); i >= 0 && runs.Count < perPage; i--)
        {
            runs.Add(Run(i, null));
        }

        var body = new JsonObject { ["total_count"] = Runs, ["workflow_runs"] = runs };
        return ReplayResponse.Json(body.ToJsonString(), headers: page == 1 ? new Dictionary<string, string> { ["ETag"] = FirstPageETag } : null);
    }

    private ReplayResponse Attempt(RecordedRequest r)
    {
        var parts = r.Path.Split('/');
        var id = long.Parse(parts[6], CultureInfo.InvariantCulture);
        var n = int.Parse(parts[8], CultureInfo.InvariantCulture);
        return ReplayResponse.Json(Run(Index(id), n).ToJsonString());
    }

    private ReplayResponse Jobs(RecordedRequest r)
    {
        var parts = r.Path.Split('/');
        var id = long.Parse(parts[6], CultureInfo.InvariantCulture);
        var n = int.Parse(parts[8], CultureInfo.InvariantCulture);
        var q = QueryHelpers.ParseQuery(r.Query);
        var perPage = q.TryGetValue("per_page", out var pp) ? int.Parse(pp!, CultureInfo.InvariantCulture) : 30;
        var page = q.TryGetValue("page", out var p) ? int.Parse(p!, CultureInfo.InvariantCulture) : 1;
        var count = id == BigRunId ? BigRunJobs : 1;
        var jobs = new JsonArray();
        for (var j = (page - 1) * perPage; j < count && jobs.Count < perPage; j++)
        {
            var job = jobTemplate.DeepClone().AsObject();
            job["id"] = (id * 1000) + (n * 500) + j;
            job["run_id"] = id;
            job["run_attempt"] = n;
            job["name"] = count == 1 ? "build" : "shard " + j.ToString(CultureInfo.InvariantCulture);
            jobs.Add(job);
        }

        return ReplayResponse.Json(new JsonObject { ["total_count"] = count, ["jobs"] = jobs }.ToJsonString());
    }

    private static int Index(long id) => (int)(id - 7_000_000);

    private static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
