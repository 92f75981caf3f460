using System.Globalization;
using System.Xml.Linq;
using Pipewise.Core.Runs;

namespace Pipewise.Hosting.TestResults;

/// <summary>TRX (<c>&lt;TestRun&gt;</c>): the result summary's counters and the run's start and finish times.</summary>
internal static class TrxFormat
{
    public static TestSummary Read(XElement root)
    {
        var counters = root.Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters")
            ?? throw new InvalidDataException("TRX file has no <ResultSummary><Counters> element");
        int C(string name) => (int)(TestXml.Number(counters, name) ?? 0);
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
}
