using Pipewise.Core.Runs;
using Pipewise.Hosting.Monitoring;
using Pipewise.Hosting.TestResults;

namespace Pipewise.Hosting;

/// <summary>
/// Adds to a run collected from the provider's API what the job left on the machine, the same way on every CI host:
/// the test results of the files matched by <see cref="TestResultsGlob"/> (their totals replace counts read from the
/// API, so files that were also published are not counted twice; when no file matches, the API's counts stay), and
/// the resource samples of <c>pipewise monitor</c> (the sampler is stopped first).
/// Problems are written to <see cref="Log"/> and never fail the run.
/// </summary>
public sealed record RunEnricher
{
    /// <summary>Glob of JUnit XML / TRX files (<c>--test-results</c>); none read when empty.</summary>
    public string? TestResultsGlob { get; init; }

    /// <summary>The folder the glob is relative to (the workspace).</summary>
    public required string BaseDirectory { get; init; }

    /// <summary>The resource monitor's folder (<see cref="ResourceMonitor.DefaultDirectory"/> unless set).</summary>
    public required string MonitorDirectory { get; init; }

    /// <summary>Where problems go (a plain log line of the host).</summary>
    public required Action<string> Log { get; init; }

    public RunRecord AddTo(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (TestResultsGlob is { Length: > 0 } glob)
        {
            var (tests, problems) = TestResultReader.ReadGlob(glob, BaseDirectory);
            foreach (var problem in problems)
            {
                Log("Pipewise: " + problem);
            }

            run = run with { Tests = tests ?? run.Tests };
        }

        try
        {
            ResourceMonitor.Stop(MonitorDirectory);
            if (SamplesFile.Read(MonitorDirectory) is { } samples)
            {
                run = run with { Resources = samples };
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log($"Pipewise: could not read the resource samples in {MonitorDirectory}: {ex.Message}");
        }

        return run;
    }
}
