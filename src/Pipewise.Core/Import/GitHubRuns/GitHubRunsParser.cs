using System.Globalization;
using System.Text.Json;
using Pipewise.Core.Runs;

namespace Pipewise.Core.Import;

/// <summary>
/// Reads pages of GitHub's "list workflow runs" response (<c>{"total_count":…,"workflow_runs":[…]}</c>): a file
/// holding one page, an array of pages or an array of runs, or a folder of such files. "Line" in errors is the
/// run's position in its file (1-based).
/// </summary>
public static class GitHubRunsParser
{
    public static IEnumerable<ParsedRun> Parse(string path)
    {
        var files = Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*.json").Order(StringComparer.Ordinal).ToList()
            : [path];
        foreach (var file in files)
        {
            foreach (var parsed in ParseFile(file))
            {
                yield return parsed;
            }
        }
    }

    private static IEnumerable<ParsedRun> ParseFile(string file)
    {
        var source = Path.GetFileName(file);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(file));
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{source}: not valid JSON (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }

        using (document)
        {
            var runs = new List<JsonElement>();
            Collect(document.RootElement, runs, source);
            var position = 0;
            foreach (var run in runs)
            {
                position++;
                ParsedRun parsed;
                try
                {
                    parsed = ParsedRun.Ok(source, position, ToRecord(run));
                }
                catch (Exception ex) when (ex is FormatException or InvalidOperationException or KeyNotFoundException)
                {
                    parsed = ParsedRun.Bad(source, position, ex.Message);
                }

                yield return parsed;
            }
        }
    }

    private static void Collect(JsonElement element, List<JsonElement> runs, string source)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when element.TryGetProperty("workflow_runs", out var page):
                Collect(page, runs, source);
                break;
            case JsonValueKind.Object:
                runs.Add(element);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, runs, source);
                }

                break;
            default:
                throw new FormatException($"{source}: expected a list-workflow-runs page (an object with workflow_runs) or an array, found {element.ValueKind}");
        }
    }

    private static RunRecord ToRecord(JsonElement run)
    {
        var id = Required(run, "id").GetInt64();
        var repository = Required(run, "repository");
        var owner = Required(Required(repository, "owner"), "login").GetString() ?? throw new FormatException("field 'repository.owner.login': expected a string");
        var repo = Required(repository, "name").GetString() ?? throw new FormatException("field 'repository.name': expected a string");
        var workflowId = Optional(run, "workflow_id")?.GetRawText();
        var path = Optional(run, "path")?.GetString();
        var pipelineId = !string.IsNullOrEmpty(path) ? path! : workflowId ?? throw new FormatException("field 'workflow_id': expected a number");
        var status = Optional(run, "status")?.GetString();
        var conclusion = Optional(run, "conclusion")?.GetString();
        var result = status == "completed" ? ResultNames.Parse(conclusion ?? string.Empty, "conclusion") : null;
        var created = Time(run, "created_at");
        var started = Time(run, "run_started_at") ?? created;
        var updated = Time(run, "updated_at");
        int? pr = null;
        if (Optional(run, "pull_requests") is { ValueKind: JsonValueKind.Array } prs && prs.GetArrayLength() > 0)
        {
            pr = Optional(prs[0], "number")?.GetInt32();
        }

        var headBranch = Optional(run, "head_branch")?.GetString();
        var defaultBranch = Optional(repository, "default_branch")?.GetString();
        return new RunRecord
        {
            Provider = "github",
            Organization = owner,
            Repository = repo,
            PipelineId = pipelineId,
            PipelineName = Optional(run, "name")?.GetString(),
            RunId = id.ToString(CultureInfo.InvariantCulture),
            Attempt = Optional(run, "run_attempt")?.GetInt32() ?? 1,
            Number = Optional(run, "run_number")?.GetInt64(),
            Sequence = id,
            Event = ImportParsing.Event(Optional(run, "event")?.GetString() ?? string.Empty),
            Branch = headBranch,
            IsDefaultBranch = headBranch is not null && defaultBranch is not null ? headBranch == defaultBranch : null,
            Commit = Optional(run, "head_sha")?.GetString(),
            PullRequest = pr,
            QueuedAt = created,
            StartedAt = started,
            // The list response has no finish time; for a completed run, updated_at is when it last changed (its end).
            FinishedAt = status == "completed" && updated is { } u && started is { } s && u >= s ? u : null,
            Result = result,
        };
    }

    private static JsonElement Required(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? v
            : throw new FormatException($"field '{name}': required but missing or null");

    private static JsonElement? Optional(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    private static DateTimeOffset? Time(JsonElement e, string name) =>
        Optional(e, name)?.GetString() is { } s ? ImportParsing.Time(s, name) : null;
}
