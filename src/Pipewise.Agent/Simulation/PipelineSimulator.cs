using Pipewise.Agent.Catalog;
using Pipewise.Core.Agent;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Simulation;

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
}
