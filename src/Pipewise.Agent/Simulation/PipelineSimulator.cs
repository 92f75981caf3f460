using System.Globalization;
using Pipewise.Agent.Catalog;
using Pipewise.Core.Agent;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Simulation;

/// <summary>A fixed pipeline configuration: what the catalog actions change.</summary>
public sealed record PipelineConfig
{
    public static PipelineConfig Default { get; } = new();

    public bool Cache { get; init; }
    public int Shards { get; init; } = 1;
    public bool Shallow { get; init; }
    public bool PathFilters { get; init; }
    public bool CancelSuperseded { get; init; }
    public int RunnerSize { get; init; } = 2;
    public bool Timeout { get; init; }
    public double TimeoutSeconds { get; init; }
    public bool Retry { get; init; }
    public DeploymentStrategy Strategy { get; init; } = DeploymentStrategy.Proceed;

    public override string ToString() =>
        $"cache={Cache} shards={Shards} shallow={Shallow} paths={PathFilters} cancel={CancelSuperseded} runner={RunnerSize} timeout={Timeout} retry={Retry} deploy={Strategy}";

    /// <summary>The configuration after a user adopts a suggestion.</summary>
    public PipelineConfig Apply(Suggestion suggestion, double? p99Seconds)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        return suggestion.ActionId switch
        {
            ActionCatalog.CacheDependencies => this with { Cache = true },
            ActionCatalog.ShardTests => this with { Shards = ShardsFrom(suggestion.Title) ?? Math.Min(SuggestionRules.MaxShards, Shards * 2) },
            ActionCatalog.ShallowClone => this with { Shallow = true },
            ActionCatalog.PathFilters => this with { PathFilters = true },
            ActionCatalog.CancelSuperseded => this with { CancelSuperseded = true },
            ActionCatalog.LargerRunner => this with { RunnerSize = Math.Min(3, RunnerSize + 1) },
            ActionCatalog.SmallerRunner => this with { RunnerSize = Math.Max(1, RunnerSize - 1) },
            ActionCatalog.TimeoutFromP99 => this with { Timeout = true, TimeoutSeconds = 1.5 * (p99Seconds ?? 3600) },
            ActionCatalog.RetryFlakyStep => this with { Retry = true },
            _ => this,
        };
    }

    private static int? ShardsFrom(string title)
    {
        var digits = new string(title.Where(char.IsDigit).ToArray());
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }
}

/// <summary>Everything random about one run, drawn once so every configuration meets the same luck.</summary>
public sealed record RunDraw(
    double Noise,
    bool PullRequest,
    bool DocsOnly,
    bool Superseded,
    double SupersededAt,
    bool RealFailure,
    bool Intermittent,
    bool RetrySucceeds,
    bool RerunSucceeds,
    bool Hang,
    bool CacheHit,
    bool Risky,
    bool ForecastWrong,
    bool DeployFails,
    double DeployNoise);

/// <summary>What happened to one run under one configuration.</summary>
public sealed record RunOutcome
{
    public double BuildSeconds { get; init; }
    public double DeploySeconds { get; init; }
    public int Failures { get; init; }
    public bool Stepped { get; init; }
    public RunResult Result { get; init; }
    public bool Deployed { get; init; }
    public bool DeployFailed { get; init; }
    public bool Skipped { get; init; }
    public bool Canceled { get; init; }
    public bool NeededRerun { get; init; }
    public bool RerunSucceeded { get; init; }
    public double Wall { get; init; }
    public double? CanceledAt { get; init; }
}

/// <summary>The documented mechanical effects of each catalog action (docs/simulation.md).</summary>
public static class PipelineSimulator
{
    public const double ShardOverheadSeconds = SuggestionRules.ShardOverheadFloorSeconds;
    public const double CacheRestoreShare = 0.15;
    public const double CacheSaveShare = 0.1;
    public const double ShallowCheckoutShare = 0.25;
    public const double PlatformTimeoutSeconds = 3600;
    public const double DowntimeSeconds = 900;
    public const double CanaryTimeFactor = 1.5;
    public const double CanaryExposure = 0.1;
    public const double BlueGreenTimeFactor = 1.2;
    public const double BlueGreenSwitchBackSeconds = 60;
    public const double HoldDelaySeconds = 1800;
    public const double OtherSeconds = 10;

    /// <summary>CPU-bound step time factor: small 1.6, medium 1.0, large 0.6.</summary>
    public static double CpuFactor(int size) => size switch { 1 => 1.6, 3 => 0.6, _ => 1.0 };

    public static RunDraw Draw(Scenario s, Random random)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(random);
        double U() => random.NextDouble();
        var normal = Math.Sqrt(-2 * Math.Log(1 - U())) * Math.Cos(2 * Math.PI * U());
        var pr = U() < s.PullRequestRate;
        var docs = U() < s.DocsOnlyRate;
        var superseded = !pr && U() < s.SupersededRate;
        var supersededAt = 0.2 + (0.6 * U());
        var real = U() < s.RealFailureRate;
        var intermittent = U() < s.IntermittentRate;
        var retry = U() < s.RetrySuccessRate;
        var rerun = U() < s.RetrySuccessRate;
        var hang = U() < s.HangRate;
        var hit = U() < s.CacheHitRate;
        var risky = U() < s.RiskyChangeRate;
        var wrong = U() < 0.1;
        var fails = U() < (risky ? s.DeployFailHigh : s.DeployFailLow);
        var deployNoise = Math.Exp(0.1 * Math.Sqrt(-2 * Math.Log(1 - U())) * Math.Cos(2 * Math.PI * U()));
        return new RunDraw(Math.Exp(s.Noise * normal), pr, docs, superseded, supersededAt, real && !docs, intermittent && !docs, retry, rerun, hang && !docs, hit, risky, wrong, fails, deployNoise);
    }

    /// <summary>Step durations of one job of a run under a configuration (before failures cut it short).</summary>
    public static (double Checkout, double CacheRestore, double Dependencies, double Services, double Build, double Test) Steps(Scenario s, PipelineConfig c, RunDraw d)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(d);
        var b = s.BaseSeconds * d.Noise;
        var checkout = b * s.CheckoutShare * (c.Shallow ? ShallowCheckoutShare : 1);
        var deps = b * s.DependencyShare;
        var cacheStep = 0.0;
        if (c.Cache)
        {
            cacheStep = deps * (d.CacheHit ? CacheRestoreShare : CacheSaveShare);
            deps = d.CacheHit ? 0 : deps;
        }

        var cpu = CpuFactor(c.RunnerSize);
        var build = b * s.BuildShare * cpu;
        var testTotal = b * s.TestShare * cpu;
        var test = (testTotal / c.Shards) + (c.Shards > 1 ? c.Shards * ShardOverheadSeconds : 0);
        return (checkout, cacheStep, deps, s.ServicesSeconds, build, test);
    }

    public static double TestTotalSeconds(Scenario s, PipelineConfig c, RunDraw d) =>
        s.BaseSeconds * d.Noise * s.TestShare * CpuFactor(c.RunnerSize);

    /// <summary>The outcome of one run: times, failures and whether the agent sees it.</summary>
    public static RunOutcome Outcome(Scenario s, PipelineConfig c, RunDraw d, DeploymentStrategy strategy, double forecastFailure)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (d.DocsOnly && c.PathFilters)
        {
            return new RunOutcome { Skipped = true, Result = RunResult.Skipped };
        }

        var st = Steps(s, c, d);
        var wall = st.Checkout + st.CacheRestore + st.Dependencies + st.Services + st.Build + st.Test + OtherSeconds;
        if (d.Superseded && c.CancelSuperseded)
        {
            var at = wall * d.SupersededAt;
            return new RunOutcome { BuildSeconds = at, Wall = at, Canceled = true, CanceledAt = at, Result = RunResult.Canceled };
        }

        var build = 0.0;
        var failures = 0;
        var result = RunResult.Succeeded;
        var needRerun = false;
        var rerunOk = false;
        if (d.Hang)
        {
            // A step hangs: the run is killed at the timeout, then re-run by hand (and passes).
            var killed = c.Timeout ? Math.Min(c.TimeoutSeconds, PlatformTimeoutSeconds) : PlatformTimeoutSeconds;
            build += killed + wall;
            return new RunOutcome { BuildSeconds = build, Wall = killed, Result = RunResult.Failed, NeededRerun = true, RerunSucceeded = true, Stepped = true };
        }

        if (d.Intermittent)
        {
            var upToServices = st.Checkout + st.CacheRestore + st.Dependencies + st.Services;
            if (c.Retry && d.RetrySucceeds)
            {
                wall += st.Services;
            }
            else
            {
                // The run fails at the services step (after an in-run retry when configured) and is re-run by hand.
                var failedWall = upToServices + (c.Retry ? st.Services : 0);
                build += failedWall;
                needRerun = true;
                rerunOk = d.RerunSucceeds;
                if (!rerunOk)
                {
                    failures++;
                    return new RunOutcome { BuildSeconds = build + wall, Wall = failedWall, Failures = failures, Result = RunResult.Failed, NeededRerun = true, Stepped = true };
                }

                build += wall;
                return Deploy(s, d, strategy, new RunOutcome { BuildSeconds = build, Wall = failedWall, Result = RunResult.Failed, NeededRerun = true, RerunSucceeded = true, Stepped = true }, forecastFailure);
            }
        }

        build += wall;
        if (d.RealFailure)
        {
            failures++;
            result = RunResult.Failed;
        }

        var outcome = new RunOutcome { BuildSeconds = build, Wall = wall, Failures = failures, Result = result, Stepped = true, NeededRerun = needRerun, RerunSucceeded = rerunOk };
        return result == RunResult.Succeeded ? Deploy(s, d, strategy, outcome, forecastFailure) : outcome;
    }

    private static RunOutcome Deploy(Scenario s, RunDraw d, DeploymentStrategy strategy, RunOutcome outcome, double forecastFailure)
    {
        _ = forecastFailure;
        if (d.PullRequest || d.Superseded || d.DocsOnly)
        {
            return outcome;
        }

        var time = s.DeploySeconds * d.DeployNoise;
        double deploy;
        var failures = outcome.Failures;
        switch (strategy)
        {
            case DeploymentStrategy.Hold:
                return outcome with { DeploySeconds = HoldDelaySeconds, Deployed = false };
            case DeploymentStrategy.Canary:
                deploy = time * CanaryTimeFactor + (d.DeployFails ? CanaryExposure * DowntimeSeconds : 0);
                break;
            case DeploymentStrategy.BlueGreen:
                deploy = time * BlueGreenTimeFactor + (d.DeployFails ? BlueGreenSwitchBackSeconds : 0);
                break;
            default:
                deploy = time + (d.DeployFails ? DowntimeSeconds : 0);
                failures += d.DeployFails ? 1 : 0;
                break;
        }

        return outcome with { DeploySeconds = deploy, Deployed = true, DeployFailed = d.DeployFails, Failures = failures };
    }

    /// <summary>The run record(s) a collector would store for this run (attempt 1, and the manual re-run when there was one).</summary>
    public static IReadOnlyList<RunRecord> Records(Scenario s, PipelineConfig c, RunDraw d, RunOutcome o, int index, DateTimeOffset start)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(o);
        var props = new Dictionary<string, string>
        {
            ["simulated"] = "true",
            ["runner.size"] = c.RunnerSize switch { 1 => "small", 3 => "large", _ => "medium" },
        };
        void Flag(string key, bool on)
        {
            if (on)
            {
                props[key] = "true";
            }
        }

        Flag("clone.shallow", c.Shallow);
        Flag("paths.filtered", c.PathFilters);
        Flag("concurrency.cancelInProgress", c.CancelSuperseded);
        Flag("timeout.set", c.Timeout);
        Flag("retry.enabled", c.Retry);
        Flag("changes.docsOnly", d.DocsOnly);
        Flag("canceled.superseded", o.Canceled);
        var st = Steps(s, c, d);
        var runId = (1000 + index).ToString(CultureInfo.InvariantCulture);
        RunRecord Make(int attempt, DateTimeOffset at, bool failServices, bool failTests, double? cutAt, bool retried, bool hang = false)
        {
            var jobs = new List<JobRecord>();
            var jobCount = Math.Max(1, c.Shards);
            for (var j = 0; j < jobCount; j++)
            {
                var steps = new List<StepRecord>();
                var t = at;
                var stop = false;
                void Step(string name, double seconds, bool fail = false)
                {
                    if (stop || seconds <= 0)
                    {
                        return;
                    }

                    var end = t.AddSeconds(seconds);
                    if (cutAt is { } cut && (end - at).TotalSeconds >= cut)
                    {
                        end = at.AddSeconds(cut);
                        steps.Add(new StepRecord { Name = name, Number = steps.Count + 1, StartedAt = t, FinishedAt = end, Result = o.Canceled ? RunResult.Canceled : RunResult.Failed });
                        t = end;
                        stop = true;
                        return;
                    }

                    steps.Add(new StepRecord { Name = name, Number = steps.Count + 1, StartedAt = t, FinishedAt = end, Result = fail ? RunResult.Failed : RunResult.Succeeded });
                    t = end;
                    stop = fail;
                }

                Step(c.Shallow ? "Checkout (fetch-depth=1)" : "Checkout", st.Checkout);
                Step("Restore dependency cache", st.CacheRestore);
                Step("Install dependencies", st.Dependencies);
                if (retried)
                {
                    Step("Start services (retried once)", 2 * st.Services, fail: failServices);
                }
                else
                {
                    Step("Start services", st.Services, fail: failServices);
                }

                Step("Build", st.Build);
                var testName = jobCount > 1 ? $"Test shard {j + 1}/{jobCount}" : "Test";
                if (hang)
                {
                    Step(testName, Math.Max(1, o.Wall - (t - at).TotalSeconds), fail: true);
                }
                else
                {
                    Step(testName, st.Test, fail: failTests && j == 0);
                }

                Step("Publish results", OtherSeconds);
                var jobResult = steps.Any(x => x.Result == RunResult.Failed) ? RunResult.Failed : steps.Any(x => x.Result == RunResult.Canceled) ? RunResult.Canceled : RunResult.Succeeded;
                jobs.Add(new JobRecord
                {
                    Name = jobCount > 1 ? $"test ({j + 1}/{jobCount})" : "build-and-test",
                    Runner = $"{props["runner.size"]}-runner",
                    Labels = [props["runner.size"]],
                    StartedAt = at,
                    FinishedAt = t,
                    QueuedAt = at.AddSeconds(-10),
                    Result = jobResult,
                    Steps = steps,
                });
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
                    DurationSeconds = TestTotalSeconds(s, c, d),
                },
                Properties = props,
            };
        }

        if (o.Skipped)
        {
            return [];
        }

        if (o.Canceled)
        {
            return [Make(1, start, false, false, o.CanceledAt, false)];
        }

        if (d.Hang)
        {
            return [Make(1, start, false, false, null, false, hang: true), Make(2, start.AddSeconds(o.Wall + 60), false, false, null, false)];
        }

        if (o.NeededRerun)
        {
            var first = Make(1, start, true, false, null, c.Retry);
            return [first, Make(2, first.FinishedAt!.Value.AddSeconds(60), !o.RerunSucceeded, false, null, false)];
        }

        return [Make(1, start, false, d.RealFailure, null, c.Retry && d.Intermittent)];
    }
}
