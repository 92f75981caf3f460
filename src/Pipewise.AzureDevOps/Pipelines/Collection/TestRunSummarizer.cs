using Pipewise.AzureDevOps.Rest;
using Pipewise.Core.Runs;

namespace Pipewise.AzureDevOps.Pipelines;

/// <summary>
/// The test counts of a build from its test runs' own totals (<c>includeRunDetails=true</c>: one request for all
/// runs); only a run without totals has its results read (ADR 0012: not one <c>test/Runs/{id}/results</c> per run).
/// </summary>
internal sealed class TestRunSummarizer(IAzureDevOpsClient client, Action<string>? warn)
{
    /// <summary>The build's tests; null when it has no test run.</summary>
    public async Task<TestSummary?> SummarizeAsync(string project, string buildUri, CancellationToken cancellationToken)
    {
        var runs = await client.GetTestRunsAsync(project, buildUri, cancellationToken).ConfigureAwait(false);
        if (runs.Count == 0)
        {
            return null;
        }

        var counts = new Counts();
        foreach (var run in runs)
        {
            if (run.TotalTests is { } runTotal)
            {
                counts.Add(run, runTotal);
                continue;
            }

            var results = await ResultsAsync(project, run.Id, cancellationToken).ConfigureAwait(false);
            if (results is { Count: > 0 })
            {
                counts.Add(results);
            }
        }

        return new TestSummary
        {
            Total = counts.Total,
            Passed = counts.Passed,
            Failed = counts.Failed,
            Skipped = counts.Skipped,
            DurationSeconds = counts.AnyDuration ? Math.Round(counts.DurationMs / 1000.0, 3) : null,
        };
    }

    private async Task<IReadOnlyList<TestCaseResult>?> ResultsAsync(string project, int runId, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetTestResultsAsync(project, runId, cancellationToken).ConfigureAwait(false);
        }
        catch (AzureDevOpsApiException ex)
        {
            warn?.Invoke($"Pipewise could not read the results of test run {runId}, which has no totals; its tests are not counted: {ex.Message}");
            return null;
        }
    }

    private sealed class Counts
    {
        public int Total { get; private set; }
        public int Passed { get; private set; }
        public int Failed { get; private set; }
        public int Skipped { get; private set; }
        public double DurationMs { get; private set; }
        public bool AnyDuration { get; private set; }

        public void Add(IReadOnlyList<TestCaseResult> results)
        {
            foreach (var result in results)
            {
                Total++;
                switch (Classify(result.Outcome))
                {
                    case 1: Passed++; break;
                    case -1: Failed++; break;
                    default: Skipped++; break;
                }

                if (result.DurationInMs is { } ms)
                {
                    DurationMs += ms;
                    AnyDuration = true;
                }
            }
        }

        /// <summary>Run totals only: passed and not-applicable are given; the rest did not pass.</summary>
        public void Add(TestRun run, int runTotal)
        {
            var runPassed = run.PassedTests ?? 0;
            var runSkipped = (run.NotApplicableTests ?? 0) + (run.IncompleteTests ?? 0);
            Total += runTotal;
            Passed += runPassed;
            Skipped += runSkipped;
            Failed += Math.Max(runTotal - runPassed - runSkipped, 0);
            if (run.StartedDate is { } s && run.CompletedDate is { } c && c >= s)
            {
                DurationMs += (c - s).TotalMilliseconds;
                AnyDuration = true;
            }
        }

        /// <summary>1 passed, -1 failed, 0 not run.</summary>
        private static int Classify(TestOutcome outcome) => outcome switch
        {
            TestOutcome.Passed => 1,
            TestOutcome.Failed or TestOutcome.Error or TestOutcome.Timeout or TestOutcome.Aborted => -1,
            _ => 0,
        };
    }
}
