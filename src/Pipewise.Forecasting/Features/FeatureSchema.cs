namespace Pipewise.Forecasting.Features;

/// <summary>
/// Feature schema v2 (documented in docs/features.md). A window is <c>T</c> history steps (oldest first,
/// left-padded with zero steps when the history is shorter) followed by one target step holding only what is
/// known when the predicted run starts. Durations are taken relative to the window centre, the log of the median
/// of the last 5 runs: the p50 head predicts the log-ratio of the next duration to that baseline, so a network
/// that has learnt nothing about a pipeline forecasts the median of its last 5 runs. The failure head likewise
/// predicts a correction to the logit of the pipeline's recent failure rate (<see cref="WindowAnchors"/>).
/// </summary>
public static class FeatureSchema
{
    /// <summary>Bump whenever the meaning or order of a feature changes; models with another version are refused.</summary>
    public const string Version = "pipewise-features/2";

    public const int Present = 0;
    public const int IsTarget = 1;
    public const int LogDurationRel = 2;
    public const int Failed = 3;
    public const int HasTests = 4;
    public const int LogTests = 5;
    public const int TestFailedFraction = 6;
    public const int LogTestSeconds = 7;
    public const int HasJobs = 8;
    public const int LogJobs = 9;
    public const int HasQueue = 10;
    public const int LogQueue = 11;
    public const int EventPush = 12;
    public const int EventPullRequest = 13;
    public const int EventOther = 14;
    public const int DefaultBranch = 15;
    public const int SameBranchAsTarget = 16;
    public const int SameEventAsTarget = 17;
    public const int LogGapHours = 18;
    public const int LogAgeHours = 19;
    public const int HourSin = 20;
    public const int HourCos = 21;
    public const int DaySin = 22;
    public const int DayCos = 23;
    public const int Center = 24;

    /// <summary>Target step: log(EWMA α 0.3 of the history's durations) − centre.</summary>
    public const int EwmaRel = 25;

    /// <summary>Target step: log(last duration) − centre.</summary>
    public const int LastRel = 26;

    /// <summary>Target step: log(median duration of the whole window) − centre.</summary>
    public const int WindowMedianRel = 27;

    /// <summary>Target step: failure rate of the last 10 runs.</summary>
    public const int RecentFailureRate = 28;

    /// <summary>Target step: log(1 + number of usable history runs in the window).</summary>
    public const int LogHistoryRuns = 29;

    public const int Count = 30;

    /// <summary>Feature names in order.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "present", "is_target", "log_duration_rel", "failed", "has_tests", "log_tests", "test_failed_fraction", "log_test_seconds",
        "has_jobs", "log_jobs", "has_queue", "log_queue", "event_push", "event_pull_request", "event_other", "default_branch",
        "same_branch_as_target", "same_event_as_target", "log_gap_hours", "log_age_hours", "hour_sin", "hour_cos", "day_sin", "day_cos",
        "window_center", "ewma_rel", "last_rel", "window_median_rel", "recent_failure_rate", "log_history_runs",
    ];

    /// <summary>Features measured during a run (zero in the target step).</summary>
    public static IReadOnlySet<int> Measured { get; } = new HashSet<int> { LogDurationRel, Failed, HasTests, LogTests, TestFailedFraction, LogTestSeconds, HasJobs, LogJobs, HasQueue, LogQueue };
}
