using System.Globalization;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Simulation;

/// <summary>
/// What a <see cref="LanguageProfile"/> is computed from, gathered over the Travis builds of one file: outcome rates
/// over finished builds (passed, failed, errored, canceled), time and test statistics over passed builds.
/// </summary>
internal sealed class CalibrationStats(string language)
{
    private readonly List<double> jobSeconds = [];
    private readonly List<double> testShares = [];
    private readonly List<double> setupShares = [];
    private readonly List<double> jobs = [];
    private readonly List<double> tests = [];
    private readonly Dictionary<string, List<double>> perProject = new(StringComparer.Ordinal);
    private long builds, failed, errored, canceled, pullRequests;

    public void Add(RunRecord run)
    {
        var status = run.Properties?.GetValueOrDefault("travisStatus");
        if (status is not ("passed" or "failed" or "errored" or "canceled"))
        {
            return;
        }

        builds++;
        failed += status == "failed" ? 1 : 0;
        errored += status == "errored" ? 1 : 0;
        canceled += status == "canceled" ? 1 : 0;
        pullRequests += run.Event == "pull_request" ? 1 : 0;
        if (status == "canceled" || run.DurationSeconds is not { } duration || duration <= 0 || run.Jobs.Count < 1)
        {
            return;
        }

        double n = run.Jobs.Count;
        var perJob = duration / n;
        jobSeconds.Add(perJob);
        jobs.Add(n);
        if (status != "passed")
        {
            return;
        }

        var project = run.PipelineName ?? $"{run.Organization}/{run.Repository}";
        if (!perProject.TryGetValue(project, out var list))
        {
            list = [];
            perProject[project] = list;
        }

        list.Add(Math.Log(perJob));
        if (run.Tests?.DurationSeconds is { } testDuration && testDuration > 0)
        {
            testShares.Add(Math.Min(1, testDuration / duration));
        }

        if (run.Properties?.GetValueOrDefault("setupSeconds") is { } setupText
            && double.TryParse(setupText, NumberStyles.Float, CultureInfo.InvariantCulture, out var setup) && setup > 0)
        {
            setupShares.Add(Math.Min(1, setup / duration));
        }

        if (run.Tests?.Total is { } testCount && testCount > 0)
        {
            tests.Add(testCount);
        }
    }

    public LanguageProfile ToProfile()
    {
        var sigmas = perProject.Values.Where(l => l.Count >= 30).Select(l =>
        {
            var mean = l.Average();
            return Math.Sqrt(l.Sum(x => (x - mean) * (x - mean)) / (l.Count - 1));
        }).ToList();
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

    private double Rate(long count) => builds == 0 ? 0 : count / (double)builds;

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        values.Sort();
        return values[values.Count / 2];
    }
}
