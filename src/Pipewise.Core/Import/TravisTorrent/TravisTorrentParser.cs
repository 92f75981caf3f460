using System.Globalization;
using Pipewise.Core.Runs;

namespace Pipewise.Core.Import;

/// <summary>
/// Reads the travistorrent2021 build CSV (plain or .gz): one row per Travis build, one pipeline per project
/// (<c>owner/repo</c>). Travis "errored" (a failure before the script phase) is stored as failed with the
/// original status kept in <c>properties.travisStatus</c>.
/// </summary>
public static class TravisTorrentParser
{
    public const string Provider = "travis";
    public const string PipelineId = "travis-ci";

    private static readonly string[] RequiredColumns = ["project", "build_id", "status", "started_at"];

    /// <summary>Parses a file for the importer (errors name the file by its name).</summary>
    public static IAsyncEnumerable<ParsedRun> ParseAsync(string path, CancellationToken cancellationToken = default) =>
        CsvRunRows.AsAsync(Parse(path), cancellationToken);

    /// <summary>Parses a file, streaming one item per data row; <paramref name="source"/> names the file in errors (default: its name).</summary>
    public static IEnumerable<ParsedRun> Parse(string path, string? source = null, IEnumerable<string>? alsoRequired = null)
    {
        using var text = CsvReader.OpenText(path);
        foreach (var parsed in Parse(text, source ?? Path.GetFileName(path), alsoRequired))
        {
            yield return parsed;
        }
    }

    /// <summary>Parses CSV text, streaming one item per data row.</summary>
    /// <param name="text">The CSV text, header first.</param>
    /// <param name="source">Names the input in errors.</param>
    /// <param name="alsoRequired">Columns the caller needs beyond those every import needs (a backtest needs <c>duration_s</c>).</param>
    /// <exception cref="FormatException">The header is missing or lacks a required column (the message names <paramref name="source"/>).</exception>
    public static IEnumerable<ParsedRun> Parse(TextReader text, string source, IEnumerable<string>? alsoRequired = null)
    {
        var csv = new CsvReader(text);
        var header = csv.Read() ?? throw new FormatException($"{source}: the file is empty (expected a header row)");
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Fields.Count; i++)
        {
            var name = header.Fields[i].Trim();
            if (name.Length > 0 && !columns.TryAdd(name, i))
            {
                throw new FormatException($"{source}: line 1: column '{ImportParsing.Clip(name)}' appears twice in the header (columns {columns[name] + 1} and {i + 1})");
            }
        }

        var missing = RequiredColumns.Concat(alsoRequired ?? []).Where(c => !columns.ContainsKey(c)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (missing.Count > 0)
        {
            throw new FormatException($"{source}: line 1: missing column(s) {string.Join(", ", missing)} — is this a travistorrent2021 builds file?");
        }

        foreach (var parsed in CsvRunRows.Parse(csv, source, row => ToRecord(row, columns, header.Fields.Count)))
        {
            yield return parsed;
        }
    }

    private static RunRecord ToRecord(CsvRow row, Dictionary<string, int> columns, int headerCount)
    {
        if (row.Fields.Count != headerCount)
        {
            throw new FormatException($"expected {headerCount} fields, found {row.Fields.Count}");
        }

        string Get(string name) => columns.TryGetValue(name, out var i) ? row.Fields[i] : string.Empty;

        var project = Get("project").Trim();
        var slash = project.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == project.Length - 1)
        {
            throw new FormatException($"field 'project': expected owner/repo, found '{ImportParsing.Clip(project)}'");
        }

        var buildId = ImportParsing.Long(Get("build_id"), "build_id") ?? throw new FormatException("field 'build_id': expected an integer, found nothing");
        var status = Get("status").Trim();
        var result = ResultNames.Parse(status, "status");
        var duration = ImportParsing.Number(Get("duration_s"), "duration_s");
        var started = ImportParsing.Time(Get("started_at"), "started_at");
        var jobs = ImportParsing.Int(Get("n_jobs"), "n_jobs");
        var testsRun = ImportParsing.Int(Get("tests_run"), "tests_run");

        var properties = new Dictionary<string, string>(StringComparer.Ordinal) { ["travisStatus"] = status };
        var language = Get("language").Trim();
        if (language.Length > 0)
        {
            properties["language"] = language;
        }

        if (ImportParsing.Number(Get("setup_time_s"), "setup_time_s") is { } setup)
        {
            properties["setupSeconds"] = setup.ToString("R", CultureInfo.InvariantCulture);
        }

        return new RunRecord
        {
            Provider = Provider,
            Organization = project[..slash],
            Repository = project[(slash + 1)..],
            PipelineId = PipelineId,
            PipelineName = project,
            RunId = buildId.ToString(CultureInfo.InvariantCulture),
            Sequence = buildId,
            Event = ImportParsing.Event(Get("event_type")),
            Branch = NullIfEmpty(Get("branch")),
            Commit = NullIfEmpty(Get("commit")),
            PullRequest = ImportParsing.Int(Get("pull_req"), "pull_req"),
            StartedAt = started,
            // Travis reports 0 or negative durations for builds canceled before they ran: unknown, not 0.
            DurationSeconds = duration is > 0 ? duration : null,
            Result = result,
            Jobs = TravisJobs.Placeholders(jobs ?? 0),
            Tests = testsRun is null ? null : new TestSummary
            {
                Total = testsRun,
                Passed = ImportParsing.Int(Get("tests_ok"), "tests_ok"),
                Failed = ImportParsing.Int(Get("tests_failed"), "tests_failed"),
                Skipped = ImportParsing.Int(Get("tests_skipped"), "tests_skipped"),
                DurationSeconds = ImportParsing.Number(Get("test_duration_s"), "test_duration_s") is { } td and >= 0 ? td : null,
            },
            Properties = properties,
        };
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
