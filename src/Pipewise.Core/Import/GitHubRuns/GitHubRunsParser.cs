using System.Text.Json;

namespace Pipewise.Core.Import;

/// <summary>
/// Reads pages of GitHub's "list workflow runs" response (<c>{"total_count":…,"workflow_runs":[…]}</c>): a file
/// holding one page, an array of pages or an array of runs, or a folder of such files. "Line" in errors is the
/// run's position in its file (1-based). Runs are keyed by their workflow id (<see cref="GitHubPipelineIdentity"/>).
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
                    parsed = ParsedRun.Ok(source, position, GitHubRunJson.ToRun(run, path));
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
                throw new FormatException($"{source}: {path}: expected a list-workflow-runs page (an object with workflow_runs) or an array, found {GitHubJson.Kind(element)}");
        }
    }
}
