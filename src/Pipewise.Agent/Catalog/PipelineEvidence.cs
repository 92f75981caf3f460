using Pipewise.Agent.Detectors;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Catalog;

/// <summary>What a run and its recent history show about the pipeline, as the catalog's triggers read it.</summary>
public sealed record PipelineEvidence
{
    public double? DurationSeconds { get; init; }
    public double? MedianDurationSeconds { get; init; }
    public double? P99DurationSeconds { get; init; }
    public bool CacheUsed { get; init; }
    public double DependencySeconds { get; init; }

    /// <summary>The ecosystem the dependency steps show (their names, else the run's language property).</summary>
    public Ecosystem DependencyEcosystem { get; init; }
    public double CheckoutSeconds { get; init; }
    public bool ShallowClone { get; init; }
    public double? TestSeconds { get; init; }
    public double? TestShare { get; init; }
    public int JobCount { get; init; }
    public int TestJobCount { get; init; }

    /// <summary>
    /// 1, or the number of jobs when the run reports only time summed over its jobs (Travis): then
    /// <see cref="TestSeconds"/> is per job and <see cref="DurationSeconds"/> is the sum.
    /// </summary>
    public int SummedOverJobs { get; init; } = 1;
    public int RunnerSize { get; init; } = 2;
    public double? CpuPercent { get; init; }
    public double CpuBoundShare { get; init; }

    /// <summary>
    /// Whether the run says anything about its runner or its step times (runner size property, runner names or labels,
    /// timed steps). Without it the runner size is only assumed, and no runner-size suggestion is made.
    /// </summary>
    public bool RunnerKnown { get; init; }
    public int DocsOnlyRecent { get; init; }
    public bool PathFiltered { get; init; }
    public bool CancelsSuperseded { get; init; }
    public bool HasTimeout { get; init; }

    /// <summary>The run says a retry is already in place (property <c>retry.enabled</c>).</summary>
    public bool RetryEnabled { get; init; }
    public double? QueueSeconds { get; init; }
    public double RecentFailureRate { get; init; }
    public RetryEstimate Retry { get; init; } = RetryEstimate.None;

    /// <summary>Classifies a step or job name. Lower-case substring rules, documented in docs/agent.md.</summary>
    public static StepKind Classify(string name)
    {
        var n = name.ToLowerInvariant();
        if (n.Contains("cache", StringComparison.Ordinal))
        {
            return StepKind.Cache;
        }

        if (n.Contains("checkout", StringComparison.Ordinal) || n.Contains("clone", StringComparison.Ordinal) || n.Contains("fetch sources", StringComparison.Ordinal))
        {
            return StepKind.Checkout;
        }

        if (n.Contains("install", StringComparison.Ordinal) || n.Contains("restore", StringComparison.Ordinal) || n.Contains("dependencies", StringComparison.Ordinal)
            || n.Contains("npm ci", StringComparison.Ordinal) || n.Contains("bundle", StringComparison.Ordinal) || n.Contains("go mod download", StringComparison.Ordinal)
            || n.Contains("dependency:", StringComparison.Ordinal))
        {
            return StepKind.Dependencies;
        }

        if (n.Contains("test", StringComparison.Ordinal) || n.Contains("spec", StringComparison.Ordinal))
        {
            return StepKind.Test;
        }

        if (n.Contains("build", StringComparison.Ordinal) || n.Contains("compile", StringComparison.Ordinal))
        {
            return StepKind.Build;
        }

        if (n.Contains("deploy", StringComparison.Ordinal) || n.Contains("release", StringComparison.Ordinal))
        {
            return StepKind.Deploy;
        }

        return StepKind.Other;
    }

    /// <summary>Runner size 1 (small), 2 (medium, the default) or 3 (large) from properties, labels or runner names.</summary>
    public static int RunnerSizeOf(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Properties is { } props && props.TryGetValue("runner.size", out var size))
        {
            return size switch { "small" => 1, "large" => 3, _ => 2 };
        }

        var best = 0;
        foreach (var job in run.Jobs)
        {
            var text = string.Join(' ', (job.Labels ?? []).Append(job.Runner ?? string.Empty)).ToLowerInvariant();
            var s = text.Contains("large", StringComparison.Ordinal) || text.Contains("8-core", StringComparison.Ordinal) || text.Contains("16-core", StringComparison.Ordinal) ? 3
                : text.Contains("small", StringComparison.Ordinal) || text.Contains("2-core", StringComparison.Ordinal) ? 1
                : 2;
            best = Math.Max(best, s);
        }

        return best == 0 ? 2 : best;
    }

    public static bool IsDocsOnly(RunRecord run) =>
        run.Properties is { } p && p.TryGetValue("changes.docsOnly", out var v) && v == "true";

    public static bool Flag(RunRecord run, string key) =>
        run.Properties is { } p && p.TryGetValue(key, out var v) && v == "true";

    public static PipelineEvidence From(RunRecord run, IReadOnlyList<RunRecord> history)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(history);
        var steps = run.Jobs.SelectMany(j => j.Steps).ToList();
        double Sum(StepKind kind) => steps.Where(s => Classify(s.Name) == kind).Sum(s => s.DurationSeconds ?? 0);

        // With parallel jobs the wall-clock time of a kind is the longest job's share; take the max per job.
        double MaxPerJob(StepKind kind) => run.Jobs.Count == 0 ? 0 : run.Jobs.Max(j => j.Steps.Where(s => Classify(s.Name) == kind).Sum(s => s.DurationSeconds ?? 0));

        var all = history.Append(run).ToList();
        var durations = all.Where(r => r.Attempt == 1 && !IsDocsOnly(r) && r.Result != RunResult.Canceled)
            .Select(r => r.EffectiveDurationSeconds).OfType<double>().Where(d => d > 0).TakeLast(30).ToList();
        durations.Sort();
        double? median = durations.Count > 0 ? durations[durations.Count / 2] : null;
        double? p99 = durations.Count > 0 ? durations[Math.Min(durations.Count - 1, (int)Math.Ceiling(0.99 * durations.Count) - 1)] : null;
        var normal = durations.Count > 0 ? durations.Where(d => median is null || d <= 3 * median.Value).DefaultIfEmpty(durations[0]).Max() : (double?)null;

        var testSeconds = run.Tests?.DurationSeconds ?? (steps.Any(s => Classify(s.Name) == StepKind.Test) ? Sum(StepKind.Test) : null);
        var duration = run.EffectiveDurationSeconds;
        var testWall = MaxPerJob(StepKind.Test);
        double? testShare = duration is > 0 && testSeconds is not null
            ? Math.Clamp((testWall > 0 ? testWall : testSeconds.Value) / duration.Value, 0, 1)
            : null;

        // Travis reports test and build time summed over the build's jobs (a matrix), with no steps: per job it is sum / n.
        var summedOver = run.FinishedAt is null && run.DurationSeconds is not null && steps.Count == 0 ? Math.Max(1, run.Jobs.Count) : 1;
        var cpuSamples = run.Resources?.Select(r => r.CpuPercent).OfType<double>().ToList();

        var recent = history.TakeLast(20).Append(run).ToList();
        var firsts = recent.Where(r => r.Attempt == 1).ToList();
        var failureRate = firsts.Count == 0 ? 0 : firsts.Count(r => r.Result == RunResult.Failed) / (double)firsts.Count;
        return new PipelineEvidence
        {
            DurationSeconds = duration,
            MedianDurationSeconds = median,
            P99DurationSeconds = normal ?? p99,
            CacheUsed = steps.Any(s => Classify(s.Name) == StepKind.Cache),
            DependencySeconds = MaxPerJob(StepKind.Dependencies),
            DependencyEcosystem = CacheSnippets.Detect(
                string.Join(' ', steps.Where(s => Classify(s.Name) == StepKind.Dependencies).Select(s => s.Name)),
                run.Properties?.GetValueOrDefault("language")),
            CheckoutSeconds = MaxPerJob(StepKind.Checkout),
            ShallowClone = Flag(run, "clone.shallow") || steps.Any(s => s.Name.Contains("depth=1", StringComparison.OrdinalIgnoreCase) || s.Name.Contains("shallow", StringComparison.OrdinalIgnoreCase)),
            TestSeconds = testSeconds / summedOver,
            SummedOverJobs = summedOver,
            TestShare = testShare,
            JobCount = Math.Max(1, run.Jobs.Count),
            TestJobCount = Math.Max(1, run.Jobs.Count(j => Classify(j.Name) == StepKind.Test || j.Steps.Any(s => Classify(s.Name) == StepKind.Test))),
            RunnerSize = RunnerSizeOf(run),
            RunnerKnown = (run.Properties?.ContainsKey("runner.size") ?? false)
                || run.Jobs.Any(j => j.Runner is not null || j.Labels is { Count: > 0 } || j.Steps.Any(s => s.DurationSeconds is not null)),
            CpuPercent = cpuSamples is { Count: > 0 } ? cpuSamples.Average() : null,
            CpuBoundShare = duration is > 0 ? Math.Clamp((MaxPerJob(StepKind.Build) + testWall) / duration.Value, 0, 1) : 0,
            DocsOnlyRecent = recent.Count(IsDocsOnly),
            PathFiltered = Flag(run, "paths.filtered"),
            // Adoption from the history itself: overtaken runs now end canceled.
            CancelsSuperseded = Flag(run, "concurrency.cancelInProgress") || recent.Any(r => r.Result == RunResult.Canceled && Flag(r, "canceled.superseded"))
                || SupersededRunsDetector.Overtaken(recent).Any(o => o.Canceled),
            HasTimeout = Flag(run, "timeout.set"),
            RetryEnabled = Flag(run, "retry.enabled"),
            QueueSeconds = run.QueueSeconds,
            RecentFailureRate = failureRate,
            Retry = RetryEstimator.Estimate(run, history),
        };
    }
}
