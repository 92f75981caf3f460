using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Pipewise.Agent.Simulation;

/// <summary>
/// Derives <see cref="LanguageProfile"/>s from the travistorrent2021 CSV files (<c>travistorrent2021_builds_&lt;lang&gt;.csv[.gz]</c>)
/// and writes them as C# constants (<c>pipewise simulate calibrate</c>). See docs/simulation.md.
/// </summary>
public static class Calibrator
{
    public static IReadOnlyList<LanguageProfile> Run(string inputDirectory)
    {
        if (!Directory.Exists(inputDirectory))
        {
            throw new DirectoryNotFoundException($"Calibration input '{inputDirectory}' is not a directory (expected the travistorrent2021 folder).");
        }

        var files = Directory.GetFiles(inputDirectory, "travistorrent2021_builds_*.csv*").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new FileNotFoundException($"No travistorrent2021_builds_<lang>.csv(.gz) files in '{inputDirectory}'.");
        }

        return [.. files.Select(Profile)];
    }

    public static LanguageProfile Profile(string file)
    {
        var name = Path.GetFileName(file);
        var language = name["travistorrent2021_builds_".Length..].Split('.')[0];
        using var raw = File.OpenRead(file);
        using Stream stream = file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(raw, CompressionMode.Decompress) : raw;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var header = ParseLine(reader.ReadLine() ?? throw new InvalidDataException($"'{file}' is empty."));
        int Col(string column)
        {
            var i = header.IndexOf(column);
            return i >= 0 ? i : throw new InvalidDataException($"'{file}': column '{column}' is missing from the header.");
        }

        int cProject = Col("project"), cStatus = Col("status"), cDuration = Col("duration_s"), cEvent = Col("event_type"), cJobs = Col("n_jobs"),
            cTests = Col("tests_run"), cTestDuration = Col("test_duration_s"), cSetup = Col("setup_time_s");
        var jobSeconds = new List<double>();
        var testShares = new List<double>();
        var setupShares = new List<double>();
        var jobs = new List<double>();
        var tests = new List<double>();
        var perProject = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        long builds = 0, failed = 0, errored = 0, canceled = 0, pullRequests = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            var f = ParseLine(line);
            if (f.Count < header.Count)
            {
                continue;
            }

            var status = f[cStatus];
            if (status is not ("passed" or "failed" or "errored" or "canceled"))
            {
                continue;
            }

            builds++;
            failed += status == "failed" ? 1 : 0;
            errored += status == "errored" ? 1 : 0;
            canceled += status == "canceled" ? 1 : 0;
            pullRequests += f[cEvent] == "pull_request" ? 1 : 0;
            if (status == "canceled" || !TryNumber(f[cDuration], out var duration) || duration <= 0 || !TryNumber(f[cJobs], out var n) || n < 1)
            {
                continue;
            }

            var perJob = duration / n;
            jobSeconds.Add(perJob);
            jobs.Add(n);
            if (status == "passed")
            {
                if (!perProject.TryGetValue(f[cProject], out var list))
                {
                    list = [];
                    perProject[f[cProject]] = list;
                }

                list.Add(Math.Log(perJob));
                if (TryNumber(f[cTestDuration], out var testDuration) && testDuration > 0)
                {
                    testShares.Add(Math.Min(1, testDuration / duration));
                }

                if (TryNumber(f[cSetup], out var setup) && setup > 0)
                {
                    setupShares.Add(Math.Min(1, setup / duration));
                }

                if (TryNumber(f[cTests], out var testCount) && testCount > 0)
                {
                    tests.Add(testCount);
                }
            }
        }

        var sigmas = perProject.Values.Where(l => l.Count >= 30).Select(l =>
        {
            var mean = l.Average();
            return Math.Sqrt(l.Sum(x => (x - mean) * (x - mean)) / (l.Count - 1));
        }).ToList();
        double Rate(long count) => builds == 0 ? 0 : count / (double)builds;
        return new LanguageProfile(
            language,
            (int)builds,
            perProject.Count,
            Median(jobSeconds),
            Median(sigmas),
            Median(testShares),
            Median(setupShares),
            Rate(failed),
            Rate(errored),
            Rate(canceled),
            Rate(pullRequests),
            Median(jobs),
            Median(tests));
    }

    /// <summary>Writes the profiles as the committed C# file the simulator reads.</summary>
    public static string ToCSharp(IReadOnlyList<LanguageProfile> profiles, string source)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        var sb = new StringBuilder();
        sb.AppendLine("// <auto-generated>");
        sb.AppendLine("// Written by `pipewise simulate calibrate`; do not edit by hand. See docs/simulation.md.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"// Source: {source}");
        sb.AppendLine("// </auto-generated>");
        sb.AppendLine("namespace Pipewise.Agent.Simulation;");
        sb.AppendLine();
        sb.AppendLine("/// <summary>Calibration constants derived from real CI histories (committed numbers; no data needed at run time).</summary>");
        sb.AppendLine("public static class Calibration");
        sb.AppendLine("{");
        sb.AppendLine(CultureInfo.InvariantCulture, $"    public const string Source = \"{source.Replace("\\", "/", StringComparison.Ordinal).Replace("\"", "'", StringComparison.Ordinal)}\";");
        sb.AppendLine();
        sb.AppendLine("    public static IReadOnlyList<LanguageProfile> Profiles { get; } =");
        sb.AppendLine("    [");
        foreach (var p in profiles)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"        new(\"{p.Language}\", {p.Builds}, {p.Projects}, {N(p.MedianJobSeconds)}, {N(p.JobLogSigma)}, {N(p.TestShare)}, {N(p.SetupShare)}, {N(p.FailedRate)}, {N(p.ErroredRate)}, {N(p.CanceledRate)}, {N(p.PullRequestShare)}, {N(p.MedianJobs)}, {N(p.MedianTests)}),");
        }

        sb.AppendLine("    ];");
        sb.AppendLine();
        sb.AppendLine("    public static LanguageProfile Get(string language) =>");
        sb.AppendLine("        Profiles.FirstOrDefault(p => p.Language == language) ?? throw new ArgumentException($\"No calibration profile '{language}'.\", nameof(language));");
        sb.AppendLine("}");
        return sb.ToString();
    }

    private static string N(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        values.Sort();
        return values[values.Count / 2];
    }

    /// <summary>Splits one RFC-4180 line (quoted fields may contain commas and doubled quotes).</summary>
    internal static List<string> ParseLine(string line)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    sb.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    sb.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(sb.ToString());
                sb.Clear();
            }
            else
            {
                sb.Append(c);
            }
        }

        fields.Add(sb.ToString());
        return fields;
    }
}
