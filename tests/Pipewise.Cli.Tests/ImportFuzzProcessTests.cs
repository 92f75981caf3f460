using System.IO.Compression;
using System.Text;
using Pipewise.Core.Runs;

namespace Pipewise.Cli.Tests;

/// <summary>
/// Issue 17, "must hold", importer part: a seeded, bounded fuzz of every importer (travistorrent CSV and .gz,
/// mapped CSV, github-runs JSON) through the real binary. Every import ends with a documented exit code (0, 2, 3,
/// 4), never a stack trace, loses none of the runs stored before it, and prints no secret of its environment.
/// </summary>
[TestClass]
public sealed class ImportFuzzProcessTests
{
    private const int Seed = 17;
    private const int Iterations = 24;
    private const string Secret = "ghs_FuzzSecret0123456789abcdef";
    private const string TravisHeader = "project,language,build_id,commit,pull_req,branch,status,duration_s,started_at,event_type,n_jobs,log_jobs,log_jobs_ok,log_jobs_broken,log_jobs_other,log_tests_ran,tests_run,tests_ok,tests_failed,tests_skipped,test_duration_s,setup_time_s,test_frameworks";
    private const string JenkinsMap = "pipeline=job,run_id=build,started_at=start,duration=secs,result=status,branch=branch";

    private static readonly string[] HostileCsv =
    [
        "99999999999999999", "-99999999999999", "1e300", "-1e300", "NaN", "Infinity", "1670740014.0", "1670740014000", string.Empty,
        new string('r', 300), new string('9', 200) + "x", "\"unclosed", "a\"b", "🙂💥", "owner/" + new string('ö', 200), "0x7fffffff",
        "2019-13-45T99:99:99Z", "AccountKey=" + Secret, "../../etc", "%00", "9223372036854775808",
    ];

    private static readonly string[] HostileJson =
    [
        "\"12\"", "1e300", "-1", "9223372036854775808", "[]", "{}", "null", "true", "\"99999999999999999\"", "\"" + new string('x', 300) + "\"", "\"not a time\"", "1.5",
    ];

    private static readonly string[] JsonFields = ["id", "run_attempt", "run_number", "created_at", "run_started_at", "repository", "workflow_id", "path", "pull_requests", "conclusion", "status", "head_branch"];

    private string dir = null!;

    [TestInitialize]
    public void Init() => dir = Directory.CreateTempSubdirectory("pipewise-fuzz-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(dir, recursive: true);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task Import_SeededMutations_EndWithDocumentedCodes_KeepStoredRuns_LeakNoSecret()
    {
        var random = new Random(Seed);
        var env = new Dictionary<string, string?> { ["GITHUB_TOKEN"] = Secret, ["SYSTEM_ACCESSTOKEN"] = Secret };
        var baseline = Path.Combine(dir, "baseline.csv");
        File.WriteAllLines(baseline, [TravisHeader, .. Enumerable.Range(1, 30).Select(i => TravisRow("base/line", i))]);
        var seeded = await PipewiseProcess.RunAsync(dir, env, "import", "--store", "store", "--format", "travistorrent", "--input", baseline);
        Assert.AreEqual(0, seeded.ExitCode, seeded.Stderr);

        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Iterations; i++)
        {
            var (kind, args) = (i % 4) switch
            {
                0 => ("travistorrent", new[] { "--format", "travistorrent", "--input", WriteCsv($"t{i}.csv", MutateCsv(random, TravisCsv(i), TravisHeader)) }),
                1 => ("travistorrent-gz", new[] { "--format", "travistorrent", "--input", WriteGzip(random, $"t{i}.csv.gz", MutateCsv(random, TravisCsv(i), TravisHeader)) }),
                2 => ("csv", new[] { "--format", "csv", "--map", JenkinsMap, "--input", WriteCsv($"j{i}.csv", MutateCsv(random, JenkinsCsv(i), "job,build,start,secs,status,branch")) }),
                _ => ("github-runs", new[] { "--format", "github-runs", "--input", WriteCsv($"g{i}.json", MutateJson(random, GitHubJson(i))) }),
            };

            var result = await PipewiseProcess.RunAsync(dir, env, ["import", "--store", "store", .. args]);
            var output = result.Stdout + result.Stderr;
            var detail = $"iteration {i} ({kind}, seed {Seed}): exit {result.ExitCode}\n{output}";
            CollectionAssert.Contains(new[] { 0, 2, 3, 4 }, result.ExitCode, detail);
            Assert.DoesNotContain("   at ", output, "no stack trace: " + detail);
            Assert.DoesNotContain("Unhandled exception", output, detail);
            Assert.DoesNotContain(Secret, output, "no secret in any output: " + detail);
            var key = $"{kind} exit {result.ExitCode}";
            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
        }

        var runs = await PipewiseProcess.RunAsync(dir, env, "runs", "--store", "store", "--pipeline", "base/line", "--last", "1000", "--json");
        Assert.AreEqual(0, runs.ExitCode, runs.Stderr);
        var kept = RunRecordJson.DeserializeList(Encoding.UTF8.GetBytes(runs.Stdout), "stdout");
        CollectionAssert.IsSubsetOf(Enumerable.Range(1, 30).Select(i => (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(), kept.Select(r => r.RunId).ToArray(), "the runs stored before are all still there");
        TestContext.WriteLine($"seed {Seed}, {Iterations} imports: " + string.Join(", ", outcomes.Select(o => $"{o.Key}: {o.Value}")));
    }

    private static string TravisRow(string project, int i) =>
        $"{project},go,{1000 + i},abc,,main,{(i % 5 == 0 ? "failed" : "passed")},{60 + i},2020-01-01T{i % 24:00}:00:00Z,push,1,,,,,,10,10,0,0,1.5,1,gotest";

    // The fuzzed inputs go to other pipelines than the baseline, and some to the baseline's own pipeline with other ids.
    private static string TravisCsv(int i) => TravisHeader + "\n" + string.Join("\n", Enumerable.Range(1, 12).Select(r => TravisRow(r % 3 == 0 ? "base/line" : $"fuzz/p{i}", 100 * i + r + 50))) + "\n";

    private static string JenkinsCsv(int i) => "job,build,start,secs,status,branch\n" + string.Join("\n", Enumerable.Range(1, 12).Select(r => $"web{i},{r},{1670740014 + r * 60}.0,{r * 7},SUCCESS,main")) + "\n";

    private static string GitHubJson(int i) => "{\"total_count\":6,\"workflow_runs\":[" + string.Join(",", Enumerable.Range(1, 6).Select(r =>
        $"{{\"id\":{i * 100 + r},\"name\":\"ci\",\"run_attempt\":1,\"run_number\":{r},\"workflow_id\":5,\"path\":\".github/workflows/ci.yml\",\"status\":\"completed\",\"conclusion\":\"success\",\"created_at\":\"2026-01-01T00:0{r}:00Z\",\"run_started_at\":\"2026-01-01T00:0{r}:00Z\",\"updated_at\":\"2026-01-01T00:1{r}:00Z\",\"head_branch\":\"main\",\"pull_requests\":[],\"repository\":{{\"name\":\"r{i}\",\"owner\":{{\"login\":\"o\"}},\"default_branch\":\"main\"}}}}")) + "]}";

    private static string MutateCsv(Random random, string csv, string header)
    {
        var lines = csv.TrimEnd('\n').Split('\n').ToList();
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations; m++)
        {
            switch (random.Next(6))
            {
                case 0 when lines.Count > 0:
                    // A duplicate header column.
                    var columns = header.Split(',');
                    lines[0] = header + "," + columns[random.Next(columns.Length)];
                    break;
                case 1:
                    // A duplicated row (same key) with one field changed: a conflict or a plain duplicate.
                    var copy = lines[random.Next(1, lines.Count)].Split(',');
                    copy[^1] = copy[^1] + "x";
                    lines.Add(string.Join(',', copy));
                    break;
                case 2:
                    // Random bytes inside a row.
                    var at = random.Next(1, lines.Count);
                    var cut = random.Next(lines[at].Length);
                    lines[at] = lines[at][..cut] + (char)random.Next(1, 0x3000) + lines[at][cut..];
                    break;
                default:
                    var row = random.Next(1, lines.Count);
                    var fields = lines[row].Split(',');
                    var value = HostileCsv[random.Next(HostileCsv.Length)];
                    fields[random.Next(fields.Length)] = value;
                    lines[row] = string.Join(',', fields);
                    break;
            }
        }

        return string.Join('\n', lines) + "\n";
    }

    private static string MutateJson(Random random, string json)
    {
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations; m++)
        {
            if (random.Next(8) == 0)
            {
                return json[..random.Next(json.Length)];
            }

            var field = "\"" + JsonFields[random.Next(JsonFields.Length)] + "\":";
            var at = json.IndexOf(field, random.Next(json.Length / 2), StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            var start = at + field.Length;
            var end = ValueEnd(json, start);
            json = json[..start] + HostileJson[random.Next(HostileJson.Length)] + json[end..];
        }

        return json;
    }

    private static int ValueEnd(string json, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                inString = c != '"';
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c is '{' or '[')
            {
                depth++;
            }
            else if (c is '}' or ']')
            {
                if (depth == 0)
                {
                    return i;
                }

                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                return i;
            }
        }

        return json.Length;
    }

    private string WriteCsv(string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string WriteGzip(Random random, string name, string text)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true))
        {
            gz.Write(Encoding.UTF8.GetBytes(text));
        }

        var bytes = ms.ToArray();
        bytes = random.Next(4) switch
        {
            0 => bytes[..random.Next(10, bytes.Length)],
            1 => [.. bytes, .. Encoding.ASCII.GetBytes("trailing")],
            2 => Flip(random, bytes),
            _ => bytes,
        };
        var path = Path.Combine(dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Flip(Random random, byte[] bytes)
    {
        bytes[random.Next(10, bytes.Length)] ^= (byte)random.Next(1, 256);
        return bytes;
    }
}
