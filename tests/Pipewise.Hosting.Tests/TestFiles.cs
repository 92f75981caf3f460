namespace Pipewise.Hosting.Tests;

/// <summary>One JUnit file, one TRX file and one resource samples file, used by several tests and by both hosts.</summary>
internal static class TestFiles
{
    public const string JUnit = """
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuites time="12.5">
          <testsuite name="a" tests="4" failures="1" errors="0" skipped="1" time="10">
            <testcase name="ok1" time="1"/>
            <testcase name="bad"><failure message="boom"/></testcase>
            <testcase name="skip"><skipped/></testcase>
            <testcase name="flaky"><flakyFailure message="first try"/></testcase>
          </testsuite>
          <testsuite name="b" tests="1" time="2.5">
            <testcase name="err"><error message="crash"/></testcase>
          </testsuite>
        </testsuites>
        """;

    public const string Trx = """
        <?xml version="1.0" encoding="utf-8"?>
        <TestRun id="1" name="run" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
          <Times creation="2026-11-25T10:00:00.000+00:00" start="2026-11-25T10:00:01.000+00:00" finish="2026-11-25T10:00:31.500+00:00" />
          <ResultSummary outcome="Failed">
            <Counters total="10" executed="9" passed="7" failed="1" error="0" timeout="1" aborted="0" inconclusive="0" passedButRunAborted="0" notRunnable="0" notExecuted="1" disconnected="0" warning="0" completed="0" inProgress="0" pending="0" />
          </ResultSummary>
        </TestRun>
        """;

    /// <summary>Two samples and a last line cut by a kill (skipped when read).</summary>
    public const string Samples =
        "{\"at\":\"2026-11-25T12:00:00+00:00\",\"cpuPercent\":50,\"memoryUsedMb\":1000,\"memoryTotalMb\":4000}\n" +
        "{\"at\":\"2026-11-25T12:00:05+00:00\",\"cpuPercent\":70,\"memoryUsedMb\":1100,\"memoryTotalMb\":4000,\"diskReadMbPerSecond\":1.5}\n" +
        "{\"at\":\"2026-11-25T12:00:1";
}
