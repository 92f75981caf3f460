using System.Globalization;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Simulation;

/// <summary>Writes the attempts of one simulated run as RunRecords with jobs, steps, tests and the configuration as properties.</summary>
internal sealed class SimulatedRunWriter
{
    private readonly Scenario s;
    private readonly PipelineConfig c;
    private readonly RunDraw d;
    private readonly RunOutcome o;
    private readonly int index;
    private readonly Dictionary<string, string> props;
    private readonly (double Checkout, double CacheRestore, double Dependencies, double Services, double Build, double Test) st;
    private readonly string runId;

    public SimulatedRunWriter(Scenario s, PipelineConfig c, RunDraw d, RunOutcome o, int index)
    {
        this.s = s;
        this.c = c;
        this.d = d;
        this.o = o;
        this.index = index;
        props = new Dictionary<string, string>
        {
            ["simulated"] = "true",
            ["runner.size"] = c.RunnerSize switch { 1 => "small", 3 => "large", _ => "medium" },
        };
        Flag("clone.shallow", c.Shallow);
        Flag("paths.filtered", c.PathFilters);
        Flag("concurrency.cancelInProgress", c.CancelSuperseded);
        Flag("timeout.set", c.Timeout);
        Flag("retry.enabled", c.Retry);
        Flag("changes.docsOnly", d.DocsOnly);
        Flag("canceled.superseded", o.Canceled);
        st = PipelineSimulator.Steps(s, c, d);
        runId = (1000 + index).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>One attempt started at <paramref name="at"/>; <paramref name="cutAt"/> (seconds) ends it early (canceled).</summary>
    public RunRecord Make(int attempt, DateTimeOffset at, bool failServices, bool failTests, double? cutAt, bool retried, bool hang = false)
    {
        var jobs = new List<JobRecord>();
        var jobCount = Math.Max(1, c.Shards);
        for (var j = 0; j < jobCount; j++)
        {
            jobs.Add(Job(j, jobCount, at, failServices, failTests, cutAt, retried, hang));
        }

        var finished = jobs.Max(j => j.FinishedAt!.Value);
        var result = jobs.Any(j => j.Result == RunResult.Failed) ? RunResult.Failed : jobs.Any(j => j.Result == RunResult.Canceled) ? RunResult.Canceled : RunResult.Succeeded;
        return new RunRecord
        {
            Provider = "simulated",
            Organization = "sim",
            Repository = s.Name,
            PipelineId = "ci",
            PipelineName = $"{s.Name} (simulated)",
            RunId = runId,
            Attempt = attempt,
            Number = index + 1,
            Sequence = (1000 + index) * 10L + attempt,
            Event = d.PullRequest ? "pull_request" : "push",
            Branch = d.PullRequest ? $"feature/{index}" : "main",
            IsDefaultBranch = !d.PullRequest,
            PullRequest = d.PullRequest ? 100 + index : null,
            QueuedAt = at.AddSeconds(-10),
            StartedAt = at,
            FinishedAt = finished,
            Result = result,
            Jobs = jobs,
            Tests = failServices || o.Canceled ? null : new TestSummary
            {
                Total = (int)s.Profile.MedianTests,
                Failed = failTests ? 3 : 0,
                Passed = (int)s.Profile.MedianTests - (failTests ? 3 : 0),
                DurationSeconds = PipelineSimulator.TestTotalSeconds(s, c, d),
            },
            Properties = props,
        };
    }

    private JobRecord Job(int j, int jobCount, DateTimeOffset at, bool failServices, bool failTests, double? cutAt, bool retried, bool hang)
    {
        var steps = new SimulatedSteps(at, cutAt, o.Canceled);
        steps.Add(c.Shallow ? "Checkout (fetch-depth=1)" : "Checkout", st.Checkout);
        steps.Add("Restore dependency cache", st.CacheRestore);
        steps.Add("Install dependencies", st.Dependencies);
        if (retried)
        {
            steps.Add("Start services (retried once)", 2 * st.Services, fail: failServices);
        }
        else
        {
            steps.Add("Start services", st.Services, fail: failServices);
        }

        steps.Add("Build", st.Build);
        var testName = jobCount > 1 ? $"Test shard {j + 1}/{jobCount}" : "Test";
        if (hang)
        {
            steps.Add(testName, Math.Max(1, o.Wall - (steps.End - at).TotalSeconds), fail: true);
        }
        else
        {
            steps.Add(testName, st.Test, fail: failTests && j == 0);
        }

        steps.Add("Publish results", PipelineSimulator.OtherSeconds);
        var list = steps.Steps;
        var jobResult = list.Any(x => x.Result == RunResult.Failed) ? RunResult.Failed : list.Any(x => x.Result == RunResult.Canceled) ? RunResult.Canceled : RunResult.Succeeded;
        return new JobRecord
        {
            Name = jobCount > 1 ? $"test ({j + 1}/{jobCount})" : "build-and-test",
            Runner = $"{props["runner.size"]}-runner",
            Labels = [props["runner.size"]],
            StartedAt = at,
            FinishedAt = steps.End,
            QueuedAt = at.AddSeconds(-10),
            Result = jobResult,
            Steps = list,
        };
    }

    private void Flag(string key, bool on)
    {
        if (on)
        {
            props[key] = "true";
        }
    }
}
