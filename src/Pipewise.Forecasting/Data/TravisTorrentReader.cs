using System.Globalization;
using System.IO.Compression;
using System.Text;
using Pipewise.Core.Runs;

namespace Pipewise.Forecasting.Data;

/// <summary>A malformed input file: names the file, the line, the field and what was expected.</summary>
public sealed class InputFormatException(string message) : Exception(message);

/// <summary>A small RFC-4180 CSV reader (quoted fields, doubled quotes, CRLF/LF, newlines inside quotes).</summary>
public sealed class CsvReader(TextReader reader)
{
    private readonly StringBuilder field = new();

    public long Line { get; private set; }

    /// <summary>Reads the next record; null at the end.</summary>
    public List<string>? Read()
    {
        var c = reader.Read();
        if (c < 0)
        {
            return null;
        }

        Line++;
        var fields = new List<string>();
        field.Clear();
        var quoted = false;
        var atStart = true;
        while (true)
        {
            if (c < 0)
            {
                fields.Add(field.ToString());
                return fields;
            }

            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        Line++;
                    }

                    field.Append(ch);
                }
            }
            else if (ch == '"' && atStart)
            {
                quoted = true;
                atStart = false;
            }
            else if (ch == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                atStart = true;
            }
            else if (ch == '\r' && reader.Peek() == '\n')
            {
                // CRLF: the LF ends the record.
            }
            else if (ch == '\n')
            {
                fields.Add(field.ToString());
                return fields;
            }
            else
            {
                field.Append(ch);
                atStart = false;
            }

            c = reader.Read();
        }
    }
}

/// <summary>Reads travistorrent2021 build CSV files (plain or .gz) as RunRecords, one pipeline per project.</summary>
public static class TravisTorrentReader
{
    private static readonly string[] Required = ["project", "build_id", "status", "duration_s", "started_at", "event_type"];
    private static readonly Dictionary<int, IReadOnlyList<JobRecord>> JobLists = [];

    /// <summary>The files an input names: a file, or every *.csv / *.csv.gz in a folder (sorted).</summary>
    public static IReadOnlyList<string> Files(string input)
    {
        if (File.Exists(input))
        {
            return [input];
        }

        if (Directory.Exists(input))
        {
            return Directory.EnumerateFiles(input, "*.csv*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .ToArray();
        }

        throw new FileNotFoundException($"Input '{input}' is neither a file nor a folder.", input);
    }

    public static IEnumerable<RunRecord> Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var decompressed = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : (Stream)stream;
        using var text = new StreamReader(decompressed, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        foreach (var run in Read(text, path))
        {
            yield return run;
        }
    }

    public static IEnumerable<RunRecord> Read(TextReader text, string source)
    {
        var csv = new CsvReader(text);
        var header = csv.Read() ?? throw new InputFormatException($"{source}: the file is empty; expected a header row with {string.Join(", ", Required)}.");
        var index = header.Select((h, i) => (h.Trim(), i)).ToDictionary(x => x.Item1, x => x.i, StringComparer.Ordinal);
        foreach (var name in Required)
        {
            if (!index.ContainsKey(name))
            {
                throw new InputFormatException($"{source}: the header has no '{name}' column; expected travistorrent2021 columns ({string.Join(", ", Required)}, ...).");
            }
        }

        int Col(string name) => index.TryGetValue(name, out var i) ? i : -1;
        var cProject = Col("project");
        var cBuild = Col("build_id");
        var cCommit = Col("commit");
        var cPr = Col("pull_req");
        var cBranch = Col("branch");
        var cStatus = Col("status");
        var cDuration = Col("duration_s");
        var cStarted = Col("started_at");
        var cEvent = Col("event_type");
        var cJobs = Col("n_jobs");
        var cLogJobs = Col("log_jobs");
        var cTests = Col("tests_run");
        var cTestsOk = Col("tests_ok");
        var cTestsFailed = Col("tests_failed");
        var cTestsSkipped = Col("tests_skipped");
        var cTestSeconds = Col("test_duration_s");
        while (csv.Read() is { } row)
        {
            if (row.Count == 1 && row[0].Length == 0)
            {
                continue;
            }

            if (row.Count != header.Count)
            {
                throw new InputFormatException($"{source}: line {csv.Line} has {row.Count} fields; expected {header.Count} as in the header.");
            }

            string? Get(int c) => c >= 0 && row[c].Length > 0 ? row[c] : null;
            var project = Get(cProject) ?? throw new InputFormatException($"{source}: line {csv.Line}, field 'project' is empty; expected owner/repo.");
            var slash = project.IndexOf('/', StringComparison.Ordinal);
            var buildText = Get(cBuild);
            if (!long.TryParse(buildText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var buildId))
            {
                throw new InputFormatException($"{source}: line {csv.Line}, field 'build_id' is '{buildText}'; expected an integer.");
            }

            var jobs = int.TryParse(Get(cJobs), NumberStyles.Integer, CultureInfo.InvariantCulture, out var nJobs) ? nJobs : 0;
            TestSummary? tests = null;
            if (Get(cLogJobs) is not null && int.TryParse(Get(cTests), NumberStyles.Integer, CultureInfo.InvariantCulture, out var total))
            {
                tests = new TestSummary
                {
                    Total = total,
                    Passed = Int(Get(cTestsOk)),
                    Failed = Int(Get(cTestsFailed)),
                    Skipped = Int(Get(cTestsSkipped)),
                    DurationSeconds = Double(Get(cTestSeconds)),
                };
            }

            var pr = Int(Get(cPr));
            var eventType = Get(cEvent);
            yield return new RunRecord
            {
                Provider = "travis",
                Organization = slash > 0 ? project[..slash] : project,
                Repository = slash > 0 ? project[(slash + 1)..] : project,
                PipelineId = "travis",
                RunId = buildId.ToString(CultureInfo.InvariantCulture),
                Sequence = buildId,
                Commit = Get(cCommit),
                PullRequest = pr,
                Branch = Get(cBranch),
                Event = eventType switch { "cron" => "schedule", null => null, _ => eventType },
                Result = Get(cStatus) switch
                {
                    "passed" => RunResult.Succeeded,
                    "failed" or "errored" => RunResult.Failed,
                    "canceled" => RunResult.Canceled,
                    _ => null,
                },
                DurationSeconds = Double(Get(cDuration)),
                StartedAt = Get(cStarted) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var started) ? started : null,
                Jobs = JobList(jobs),
                Tests = tests,
            };
        }
    }

    private static int? Int(string? s) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static double? Double(string? s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static IReadOnlyList<JobRecord> JobList(int count)
    {
        if (count <= 0)
        {
            return [];
        }

        lock (JobLists)
        {
            if (!JobLists.TryGetValue(count, out var list))
            {
                list = Enumerable.Range(1, count).Select(i => new JobRecord { Name = $"job {i}" }).ToArray();
                JobLists[count] = list;
            }

            return list;
        }
    }
}
