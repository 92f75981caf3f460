using System.Xml;
using System.Xml.Linq;
using Pipewise.Core.Runs;

namespace Pipewise.Hosting.TestResults;

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
            "TestRun" => TrxFormat.Read(root),
            "testsuites" or "testsuite" => JUnitFormat.Read(root),
            _ => throw new InvalidDataException($"root element <{root.Name.LocalName}> is neither JUnit (<testsuites>/<testsuite>) nor TRX (<TestRun>)"),
        };
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
}
