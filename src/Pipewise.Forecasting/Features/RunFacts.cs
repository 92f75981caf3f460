using Pipewise.Core.Forecasting;
using Pipewise.Core.Runs;

namespace Pipewise.Forecasting.Features;

/// <summary>
/// The facts of one run that the features are built from, in a compact form. Measured values
/// (duration, result, tests, jobs, queue) are only ever read for history runs, never for the run
/// being predicted.
/// </summary>
public readonly record struct RunFacts
{
    public double LogDuration { get; init; }
    public bool Failed { get; init; }
    public int? TestsTotal { get; init; }
    public int? TestsFailed { get; init; }
    public double? TestSeconds { get; init; }
    public int? Jobs { get; init; }
    public double? QueueSeconds { get; init; }
    public EventKind Event { get; init; }
    public string? Branch { get; init; }
    public bool? IsDefaultBranch { get; init; }
    public bool IsPullRequest { get; init; }

    /// <summary>Start time in Unix seconds, or NaN when unknown.</summary>
    public double StartUnixSeconds { get; init; }

    public static EventKind Classify(string? eventName, bool isPullRequest) =>
        isPullRequest || string.Equals(eventName, "pull_request", StringComparison.OrdinalIgnoreCase) || string.Equals(eventName, "pull_request_target", StringComparison.OrdinalIgnoreCase)
            ? EventKind.PullRequest
            : eventName is null || string.Equals(eventName, "push", StringComparison.OrdinalIgnoreCase) || string.Equals(eventName, "ci", StringComparison.OrdinalIgnoreCase) || string.Equals(eventName, "individualci", StringComparison.OrdinalIgnoreCase) || string.Equals(eventName, "batchedci", StringComparison.OrdinalIgnoreCase)
                ? EventKind.Push
                : EventKind.Other;

    /// <summary>Whether a run can be used as history or as a training/test target: a finished pass or failure with a positive duration.</summary>
    public static bool IsUsable(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Result is RunResult.Succeeded or RunResult.Failed && run.EffectiveDurationSeconds is > 0 && (run.StartedAt ?? run.QueuedAt) is not null;
    }

    public static RunFacts From(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var isPr = run.PullRequest is not null || string.Equals(run.Event, "pull_request", StringComparison.OrdinalIgnoreCase);
        var start = run.StartedAt ?? run.QueuedAt;
        return new RunFacts
        {
            LogDuration = Math.Log(Math.Max(run.EffectiveDurationSeconds ?? 1, 1)),
            Failed = run.Result == RunResult.Failed,
            TestsTotal = run.Tests?.Total,
            TestsFailed = run.Tests?.Failed,
            TestSeconds = run.Tests?.DurationSeconds,
            Jobs = run.Jobs.Count > 0 ? run.Jobs.Count : null,
            QueueSeconds = run.QueueSeconds,
            Event = Classify(run.Event, isPr),
            Branch = run.Branch,
            IsDefaultBranch = run.IsDefaultBranch,
            IsPullRequest = isPr,
            StartUnixSeconds = start is { } s ? s.ToUnixTimeMilliseconds() / 1000.0 : double.NaN,
        };
    }

    /// <summary>The facts of a run about to start: only what is known at its start.</summary>
    public static RunFacts FromContext(RunContext next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return new RunFacts
        {
            Event = Classify(next.Event, next.IsPullRequest),
            Branch = next.Branch,
            IsDefaultBranch = next.IsDefaultBranch,
            IsPullRequest = next.IsPullRequest,
            StartUnixSeconds = next.StartedAt is { } s ? s.ToUnixTimeMilliseconds() / 1000.0 : double.NaN,
        };
    }

    /// <summary>Keeps only the context part (what is known when the run starts).</summary>
    public RunFacts ContextOnly() => new()
    {
        Event = Event,
        Branch = Branch,
        IsDefaultBranch = IsDefaultBranch,
        IsPullRequest = IsPullRequest,
        StartUnixSeconds = StartUnixSeconds,
    };
}
