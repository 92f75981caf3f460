using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Pipewise.Core.Runs;

namespace Pipewise.GitHub.TestResults;

/// <summary>Reads JUnit XML and TRX files into one <see cref="TestSummary"/>. A bad file is reported by name and skipped.</summary>
public static class TestResultReader
{
    /// <summary>Reads every file matched by <paramref name="glob"/> below <paramref name="baseDirectory"/>.</summary>
    public static (TestSummary? Summary, IReadOnlyList<string> Problems) ReadGlob(string glob, string baseDirectory)
    {
        var files = FileGlob.Match(glob, baseDirectory);
        if (files.Count == 0)
        {
            return (null, [$"No test result files matched '{glob}' under {baseDirectory}."]);
        }

        return ReadFiles(files);
    }

    public static (TestSummary? Summary, IReadOnlyList<string> Problems) ReadFiles(IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var problems = new List<string>();
        TestSummary? total = null;
        foreach (var file in files)
        {
            try
            {
                var one = ReadFile(file);
                total = total is null ? one : Add(total, one);
            }
            catch (Exception ex) when (ex is XmlException or IOException or UnauthorizedAccessException or FormatException or InvalidDataException)
            {
                problems.Add($"Test results file '{file}' was skipped: {ex.Message}");
            }
        }

        return (total, problems);
    }

    public static TestSummary ReadFile(string path)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(path, settings);
        var doc = XDocument.Load(reader);
        var root = doc.Root ?? throw new InvalidDataException("the file has no root element");
        return root.Name.LocalName switch
        {
            "TestRun" => ReadTrx(root),
            "testsuites" or "testsuite" => ReadJUnit(root),
            _ => throw new InvalidDataException($"root element <{root.Name.LocalName}> is neither JUnit (<testsuites>/<testsuite>) nor TRX (<TestRun>)"),
        };
    }

    private static TestSummary ReadJUnit(XElement root)
    {
        var cases = root.DescendantsAndSelf().Where(e => e.Name.LocalName == "testcase").ToList();
        if (cases.Count > 0)
        {
            int failed = 0, skipped = 0, flaky = 0;
            foreach (var c in cases)
            {
                var children = c.Elements().Select(e => e.Name.LocalName).ToList();
                if (children.Contains("failure") || children.Contains("error"))
                {
                    failed++;
                }
                else if (children.Contains("skipped"))
                {
                    skipped++;
                }
                else if (children.Contains("flakyFailure") || children.Contains("flakyError") || children.Contains("rerunFailure"))
                {
                    flaky++;
                }
            }

            var suites = root.Name.LocalName == "testsuite" ? [root] : root.Elements().Where(e => e.Name.LocalName == "testsuite").ToList();
            double? duration = Attr(root, "time") ?? (suites.Count > 0 ? suites.Sum(s => Attr(s, "time") ?? 0) : cases.Sum(c => Attr(c, "time") ?? 0));
            return new TestSummary
            {
                Total = cases.Count,
                Failed = failed,
                Skipped = skipped,
                Passed = cases.Count - failed - skipped,
                Flaky = flaky,
                DurationSeconds = duration,
            };
        }

        // No test cases: use the counters on the suite(s).
        var list = root.Name.LocalName == "testsuite" ? [root] : root.Elements().Where(e => e.Name.LocalName == "testsuite").ToList();
        var total = (int)list.Sum(s => Attr(s, "tests") ?? 0);
        var fails = (int)list.Sum(s => (Attr(s, "failures") ?? 0) + (Attr(s, "errors") ?? 0));
        var skips = (int)list.Sum(s => Attr(s, "skipped") ?? Attr(s, "disabled") ?? 0);
        return new TestSummary
        {
            Total = total,
            Failed = fails,
            Skipped = skips,
            Passed = Math.Max(0, total - fails - skips),
            DurationSeconds = Attr(root, "time") ?? list.Sum(s => Attr(s, "time") ?? 0),
        };
    }

    private static TestSummary ReadTrx(XElement root)
    {
        var counters = root.Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters")
            ?? throw new InvalidDataException("TRX file has no <ResultSummary><Counters> element");
        int C(string name) => (int)(Attr(counters, name) ?? 0);
        var total = C("total");
        var passed = C("passed");
        var failed = C("failed") + C("error") + C("timeout") + C("aborted");
        var skipped = Math.Max(0, total - passed - failed);
        double? duration = null;
        var times = root.Elements().FirstOrDefault(e => e.Name.LocalName == "Times");
        if (times is not null
            && DateTimeOffset.TryParse((string?)times.Attribute("start"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            && DateTimeOffset.TryParse((string?)times.Attribute("finish"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var finish)
            && finish >= start)
        {
            duration = (finish - start).TotalSeconds;
        }

        return new TestSummary { Total = total, Passed = passed, Failed = failed, Skipped = skipped, DurationSeconds = duration };
    }

    private static TestSummary Add(TestSummary a, TestSummary b) => new()
    {
        Total = Sum(a.Total, b.Total),
        Passed = Sum(a.Passed, b.Passed),
        Failed = Sum(a.Failed, b.Failed),
        Skipped = Sum(a.Skipped, b.Skipped),
        Flaky = Sum(a.Flaky, b.Flaky),
        DurationSeconds = a.DurationSeconds is null && b.DurationSeconds is null ? null : (a.DurationSeconds ?? 0) + (b.DurationSeconds ?? 0),
    };

    private static int? Sum(int? a, int? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);

    private static double? Attr(XElement e, string name)
    {
        var text = (string?)e.Attribute(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!double.TryParse(text.Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            throw new FormatException($"attribute {name}=\"{text}\" on <{e.Name.LocalName}> is not a number");
        }

        return v;
    }
}
