using System.Globalization;
using Pipewise.Core.Runs;

namespace Pipewise.Core.Import;

/// <summary>
/// Reads any CSV export (Jenkins, GitLab, …) through a field=column map. Required fields: pipeline, run_id,
/// started_at, result, and duration (seconds) or finished_at. Optional: branch, event, commit, attempt,
/// queued_at, tests_total, tests_passed, tests_failed, tests_skipped, pull_request, organization, repository.
/// </summary>
public static class MappedCsvParser
{
    public static readonly IReadOnlyList<string> KnownFields =
    [
        "pipeline", "run_id", "started_at", "duration", "finished_at", "result", "branch", "event", "commit", "attempt",
        "queued_at", "tests_total", "tests_passed", "tests_failed", "tests_skipped", "pull_request", "organization", "repository",
    ];

    /// <summary>Parses <c>field=column,field=column</c>. Throws FormatException naming the bad entry.</summary>
    public static IReadOnlyDictionary<string, string> ParseMap(string map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in map.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == entry.Length - 1)
            {
                throw new FormatException($"--map entry '{entry}': expected field=column");
            }

            var field = entry[..eq].Trim().ToLowerInvariant().Replace('-', '_');
            if (!KnownFields.Contains(field))
            {
                throw new FormatException($"--map entry '{entry}': unknown field '{field}' (known: {string.Join(", ", KnownFields)})");
            }

            result[field] = entry[(eq + 1)..].Trim();
        }

        foreach (var required in new[] { "pipeline", "run_id", "started_at", "result" })
        {
            if (!result.ContainsKey(required))
            {
                throw new FormatException($"--map: field '{required}' must be mapped to a column");
            }
        }

        if (!result.ContainsKey("duration") && !result.ContainsKey("finished_at"))
        {
            throw new FormatException("--map: map 'duration' (seconds) or 'finished_at' to a column");
        }

        return result;
    }

    /// <summary>Parses a CSV file through the map; times are read per <paramref name="timeFormat"/> (default auto: ISO-8601, Unix seconds or milliseconds by magnitude).</summary>
    public static async IAsyncEnumerable<ParsedRun> ParseAsync(string path, IReadOnlyDictionary<string, string> map, string provider = "csv", TimeFormat? timeFormat = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        using var text = CsvReader.OpenText(path);
        var csv = new CsvReader(text);
        var source = Path.GetFileName(path);
        var header = csv.Read() ?? throw new FormatException($"{source}: the file is empty (expected a header row)");
        var groups = header.Fields.Select((name, index) => (name: name.Trim(), index)).GroupBy(x => x.name, StringComparer.OrdinalIgnoreCase).ToList();
        var columns = groups.ToDictionary(g => g.Key, g => g.First().index, StringComparer.OrdinalIgnoreCase);
        foreach (var (field, column) in map)
        {
            if (groups.FirstOrDefault(g => string.Equals(g.Key, column, StringComparison.OrdinalIgnoreCase) && g.Count() > 1) is { } twice)
            {
                throw new FormatException($"{source}: line 1: column '{ImportParsing.Clip(column)}' (mapped to '{field}') appears {twice.Count()} times in the header");
            }

            if (!columns.ContainsKey(column))
            {
                throw new FormatException($"{source}: line 1: column '{column}' (mapped to '{field}') is not in the header; columns are: {string.Join(", ", header.Fields)}");
            }
        }

        var index = map.ToDictionary(kv => kv.Key, kv => columns[kv.Value], StringComparer.Ordinal);
        await foreach (var parsed in CsvRunRows.ParseAsync(csv, source, row => ToRecord(row, index, header.Fields.Count, provider, timeFormat), cancellationToken).ConfigureAwait(false))
        {
            yield return parsed;
        }
    }

    private static RunRecord ToRecord(CsvRow row, Dictionary<string, int> index, int headerCount, string provider, TimeFormat? timeFormat)
    {
        if (row.Fields.Count != headerCount)
        {
            throw new FormatException($"expected {headerCount} fields, found {row.Fields.Count}");
        }

        string Get(string field) => index.TryGetValue(field, out var i) ? row.Fields[i].Trim() : string.Empty;

        var pipeline = Get("pipeline");
        if (pipeline.Length == 0)
        {
            throw new FormatException("field 'pipeline': expected a non-empty value");
        }

        var runId = Get("run_id");
        if (runId.Length == 0)
        {
            throw new FormatException("field 'run_id': expected a non-empty value");
        }

        var started = ImportParsing.Time(Get("started_at"), "started_at", timeFormat) ?? throw new FormatException("field 'started_at': expected a time, found nothing");
        var finished = ImportParsing.Time(Get("finished_at"), "finished_at", timeFormat);
        var duration = ImportParsing.Number(Get("duration"), "duration");
        if (duration is < 0)
        {
            throw new FormatException($"field 'duration': expected seconds ≥ 0, found {duration.Value.ToString(CultureInfo.InvariantCulture)}");
        }

        if (finished is null && duration is null)
        {
            throw new FormatException("fields 'duration' and 'finished_at' are both empty: one is needed");
        }

        var resultText = Get("result");
        var result = ResultNames.Parse(resultText);
        if (result is null && resultText.Length == 0)
        {
            throw new FormatException("field 'result': expected a result (e.g. success, failed), found nothing");
        }

        var total = ImportParsing.Int(Get("tests_total"), "tests_total");
        var passed = ImportParsing.Int(Get("tests_passed"), "tests_passed");
        var failedTests = ImportParsing.Int(Get("tests_failed"), "tests_failed");
        var skipped = ImportParsing.Int(Get("tests_skipped"), "tests_skipped");
        var organization = Get("organization");
        var repository = Get("repository");
        return new RunRecord
        {
            Provider = provider,
            Organization = organization.Length > 0 ? organization : provider,
            Repository = repository.Length > 0 ? repository : pipeline,
            PipelineId = pipeline,
            PipelineName = pipeline,
            RunId = runId,
            Attempt = ImportParsing.Int(Get("attempt"), "attempt") ?? 1,
            Event = ImportParsing.Event(Get("event")),
            Branch = Get("branch") is { Length: > 0 } b ? b : null,
            Commit = Get("commit") is { Length: > 0 } c ? c : null,
            PullRequest = ImportParsing.Int(Get("pull_request"), "pull_request"),
            QueuedAt = ImportParsing.Time(Get("queued_at"), "queued_at", timeFormat),
            StartedAt = started,
            FinishedAt = finished ?? (duration is { } d ? ImportParsing.AddSeconds(started, d, "duration") : null),
            DurationSeconds = finished is null ? duration : null,
            Result = result,
            Tests = total is null && passed is null && failedTests is null && skipped is null
                ? null
                : new TestSummary { Total = total, Passed = passed, Failed = failedTests, Skipped = skipped },
        };
    }
}
