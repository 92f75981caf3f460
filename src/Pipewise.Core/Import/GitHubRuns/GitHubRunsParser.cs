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
            throw new FormatException($"{source}: not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}): {ex.Message}", ex);
        }

        using (document)
        {
            var runs = new List<(JsonElement Run, string Path)>();
            Collect(document.RootElement, "$", runs, source);
            var position = 0;
            foreach (var (run, path) in runs)
            {
                position++;
                ParsedRun parsed;
                try
                {
                    parsed = ParsedRun.Ok(source, position, ToRecord(run, path));
                }
                catch (Exception ex) when (ex is FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException)
                {
                    parsed = ParsedRun.Bad(source, position, ex.Message);
                }

                yield return parsed;
            }
        }
    }

    private static void Collect(JsonElement element, string path, List<(JsonElement, string)> runs, string source)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when element.TryGetProperty("workflow_runs", out var page):
                Collect(page, path + ".workflow_runs", runs, source);
                break;
            case JsonValueKind.Object:
                runs.Add((element, path));
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, $"{path}[{i++}]", runs, source);
                }

                break;
            default:
                throw new FormatException($"{source}: {path}: expected a list-workflow-runs page (an object with workflow_runs) or an array, found {Kind(element)}");
        }
    }

    private static RunRecord ToRecord(JsonElement run, string at)
    {
        var id = Long(run, "id", at) ?? throw Missing(at, "id", "an integer");
        var repository = Required(run, "repository", at);
        var owner = Str(Required(repository, "owner", at + ".repository"), "login", at + ".repository.owner") ?? throw Missing(at + ".repository.owner", "login", "a string");
        var repo = Str(repository, "name", at + ".repository") ?? throw Missing(at + ".repository", "name", "a string");
        var workflowId = Optional(run, "workflow_id") is { } w
            ? (w.ValueKind is JsonValueKind.Number or JsonValueKind.String ? w.ToString() : throw Wrong(at, "workflow_id", "a number", w))
            : null;
        var path = Str(run, "path", at);
        var pipelineId = !string.IsNullOrEmpty(path) ? path! : workflowId ?? throw Missing(at, "workflow_id", "a number (or a path)");
        var status = Str(run, "status", at);
        var conclusion = Str(run, "conclusion", at);
        var result = status == "completed" ? ResultNames.Parse(conclusion ?? string.Empty, at + ".conclusion") : null;
        var created = Time(run, "created_at", at);
        var started = Time(run, "run_started_at", at) ?? created;
        var updated = Time(run, "updated_at", at);
        int? pr = null;
        if (Optional(run, "pull_requests") is { } prs)
        {
            if (prs.ValueKind != JsonValueKind.Array)
            {
                throw Wrong(at, "pull_requests", "an array", prs);
            }

            if (prs.GetArrayLength() > 0)
            {
                pr = prs[0].ValueKind == JsonValueKind.Object ? Int(prs[0], "number", at + ".pull_requests[0]") : throw Wrong(at + ".pull_requests", "[0]", "an object", prs[0]);
            }
        }

        var headBranch = Str(run, "head_branch", at);
        var defaultBranch = Str(repository, "default_branch", at + ".repository");
        return new RunRecord
        {
            Provider = "github",
            Organization = owner,
            Repository = repo,
            PipelineId = pipelineId,
            PipelineName = Str(run, "name", at),
            RunId = id.ToString(CultureInfo.InvariantCulture),
            Attempt = Int(run, "run_attempt", at) ?? 1,
            Number = Long(run, "run_number", at),
            Sequence = id,
            Event = ImportParsing.Event(Str(run, "event", at) ?? string.Empty),
            Branch = headBranch,
            IsDefaultBranch = headBranch is not null && defaultBranch is not null ? headBranch == defaultBranch : null,
            Commit = Str(run, "head_sha", at),
            PullRequest = pr,
            QueuedAt = created,
            StartedAt = started,
            // The list response has no finish time; for a completed run, updated_at is when it last changed (its end).
            FinishedAt = status == "completed" && updated is { } u && started is { } s && u >= s ? u : null,
            Result = result,
        };
    }

    private static FormatException Missing(string at, string name, string expected) =>
        new($"field '{at}.{name}': required but missing or null (expected {expected})");

    private static FormatException Wrong(string at, string name, string expected, JsonElement found) =>
        new($"field '{at}.{name}': expected {expected}, found {Kind(found)}");

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{ImportParsing.Clip(e.GetString() ?? string.Empty)}\"",
        JsonValueKind.Number => $"the number {ImportParsing.Clip(e.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {e.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => e.ValueKind.ToString().ToLowerInvariant(),
    };

    private static JsonElement Required(JsonElement e, string name, string at) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? (v.ValueKind == JsonValueKind.Object ? v : throw Wrong(at, name, "an object", v))
            : throw Missing(at, name, "an object");

    private static JsonElement? Optional(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    private static string? Str(JsonElement e, string name, string at) => Optional(e, name) is { } v
        ? (v.ValueKind == JsonValueKind.String ? v.GetString() : throw Wrong(at, name, "a string", v))
        : null;

    private static long? Long(JsonElement e, string name, string at) => Optional(e, name) is { } v
        ? (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var l) ? l : throw Wrong(at, name, "an integer (64-bit)", v))
        : null;

    private static int? Int(JsonElement e, string name, string at) => Optional(e, name) is { } v
        ? (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : throw Wrong(at, name, "an integer (32-bit)", v))
        : null;

    private static DateTimeOffset? Time(JsonElement e, string name, string at) =>
        Str(e, name, at) is { } s ? ImportParsing.Time(s, at + "." + name) : null;
}
