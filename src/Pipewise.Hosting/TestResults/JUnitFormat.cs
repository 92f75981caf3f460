using System.Xml.Linq;
using Pipewise.Core.Runs;

namespace Pipewise.Hosting.TestResults;

/// <summary>JUnit XML (<c>&lt;testsuites&gt;</c> or <c>&lt;testsuite&gt;</c>): counts test cases, else the suites' counters.</summary>
internal static class JUnitFormat
{
    public static TestSummary Read(XElement root)
    {
        var cases = root.DescendantsAndSelf().Where(e => e.Name.LocalName == "testcase").ToList();
        var suites = root.Name.LocalName == "testsuite" ? [root] : root.Elements().Where(e => e.Name.LocalName == "testsuite").ToList();
        return cases.Count > 0 ? FromCases(root, cases, suites) : FromCounters(root, suites);
    }

    private static TestSummary FromCases(XElement root, List<XElement> cases, List<XElement> suites)
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

        double? duration = TestXml.Number(root, "time") ?? (suites.Count > 0 ? suites.Sum(s => TestXml.Number(s, "time") ?? 0) : cases.Sum(c => TestXml.Number(c, "time") ?? 0));
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
    private static TestSummary FromCounters(XElement root, List<XElement> suites)
    {
        var total = (int)suites.Sum(s => TestXml.Number(s, "tests") ?? 0);
        var fails = (int)suites.Sum(s => (TestXml.Number(s, "failures") ?? 0) + (TestXml.Number(s, "errors") ?? 0));
        var skips = (int)suites.Sum(s => TestXml.Number(s, "skipped") ?? TestXml.Number(s, "disabled") ?? 0);
        return new TestSummary
        {
            Total = total,
            Failed = fails,
            Skipped = skips,
            Passed = Math.Max(0, total - fails - skips),
            DurationSeconds = TestXml.Number(root, "time") ?? suites.Sum(s => TestXml.Number(s, "time") ?? 0),
        };
    }
}
