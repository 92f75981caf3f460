namespace Pipewise.Forecasting.Features;

/// <summary>
/// Feature schema v1 (documented in docs/features.md). A window is <c>T</c> history steps (oldest first,
/// left-padded with zero steps when the history is shorter) followed by one target step holding only what is
/// known when the predicted run starts. Durations are taken relative to the window centre (the median log
/// duration of the history), so that the network sees shapes, not project-specific scales.
/// </summary>
public static class FeatureSchema
{
    /// <summary>Bump whenever the meaning or order of a feature changes; models with another version are refused.</summary>
    public const string Version = "pipewise-features/1";

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
    public const int Count = 25;

    /// <summary>Feature names in order.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "present", "is_target", "log_duration_rel", "failed", "has_tests", "log_tests", "test_failed_fraction", "log_test_seconds",
        "has_jobs", "log_jobs", "has_queue", "log_queue", "event_push", "event_pull_request", "event_other", "default_branch",
        "same_branch_as_target", "same_event_as_target", "log_gap_hours", "log_age_hours", "hour_sin", "hour_cos", "day_sin", "day_cos",
        "window_center",
    ];

    /// <summary>Features measured during a run (zero in the target step).</summary>
    public static IReadOnlySet<int> Measured { get; } = new HashSet<int> { LogDurationRel, Failed, HasTests, LogTests, TestFailedFraction, LogTestSeconds, HasJobs, LogJobs, HasQueue, LogQueue };
}

/// <summary>Per-feature normalisation fitted on training windows and saved in the manifest.</summary>
public sealed record Normalization(float[] Mean, float[] Std)
{
    public static Normalization Identity(int count) => new(new float[count], Enumerable.Repeat(1f, count).ToArray());
}

/// <summary>Builds feature windows from run facts.</summary>
public static class WindowBuilder
{
    /// <summary>
    /// Writes the raw (un-normalised) window for predicting <paramref name="target"/> from <paramref name="history"/>
    /// (oldest first; only the last <paramref name="historyLength"/> are used) into <paramref name="destination"/>
    /// (length (T+1)·F). Returns the window centre (median log duration of the used history; 0 when empty).
    /// </summary>
    public static float Build(ReadOnlySpan<RunFacts> history, in RunFacts target, int historyLength, Span<float> destination, Normalization? normalization)
    {
        const int F = FeatureSchema.Count;
        var steps = historyLength + 1;
        if (destination.Length < steps * F)
        {
            throw new ArgumentException($"Destination holds {destination.Length} floats; a window needs {steps * F}.", nameof(destination));
        }

        destination[..(steps * F)].Clear();
        var used = history.Length > historyLength ? history[^historyLength..] : history;
        var center = Median(used);
        var pad = historyLength - used.Length;

        // The default branch: known from the provider, else the most frequent branch of push runs in the window.
        var dominant = DominantPushBranch(used);
        var targetDefault = IsDefault(target, dominant);
        var previousStart = double.NaN;
        for (var k = 0; k < used.Length; k++)
        {
            ref readonly var run = ref used[k];
            var row = destination.Slice((pad + k) * F, F);
            row[FeatureSchema.Present] = 1;
            row[FeatureSchema.LogDurationRel] = (float)(run.LogDuration - center);
            row[FeatureSchema.Failed] = run.Failed ? 1 : 0;
            if (run.TestsTotal is { } total && total > 0)
            {
                row[FeatureSchema.HasTests] = 1;
                row[FeatureSchema.LogTests] = (float)Math.Log(1 + total);
                row[FeatureSchema.TestFailedFraction] = (float)Math.Clamp((run.TestsFailed ?? 0) / (double)total, 0, 1);
                row[FeatureSchema.LogTestSeconds] = (float)Math.Log(1 + Math.Max(0, run.TestSeconds ?? 0));
            }

            if (run.Jobs is { } jobs && jobs > 0)
            {
                row[FeatureSchema.HasJobs] = 1;
                row[FeatureSchema.LogJobs] = (float)Math.Log(jobs);
            }

            if (run.QueueSeconds is { } queue && queue >= 0)
            {
                row[FeatureSchema.HasQueue] = 1;
                row[FeatureSchema.LogQueue] = (float)Math.Log(1 + queue);
            }

            WriteContext(row, run, dominant, target, targetDefault);
            if (!double.IsNaN(run.StartUnixSeconds))
            {
                if (!double.IsNaN(previousStart))
                {
                    row[FeatureSchema.LogGapHours] = (float)Math.Log(1 + Math.Max(0, run.StartUnixSeconds - previousStart) / 3600.0);
                }

                if (!double.IsNaN(target.StartUnixSeconds))
                {
                    row[FeatureSchema.LogAgeHours] = (float)Math.Log(1 + Math.Max(0, target.StartUnixSeconds - run.StartUnixSeconds) / 3600.0);
                }

                previousStart = run.StartUnixSeconds;
            }

            row[FeatureSchema.Center] = (float)center;
        }

        var last = destination.Slice(historyLength * F, F);
        last[FeatureSchema.Present] = 1;
        last[FeatureSchema.IsTarget] = 1;
        WriteContext(last, target, dominant, target, targetDefault);
        if (!double.IsNaN(target.StartUnixSeconds) && !double.IsNaN(previousStart))
        {
            last[FeatureSchema.LogGapHours] = (float)Math.Log(1 + Math.Max(0, target.StartUnixSeconds - previousStart) / 3600.0);
        }

        last[FeatureSchema.Center] = (float)center;

        if (normalization is not null)
        {
            for (var s = pad; s < steps; s++)
            {
                var row = destination.Slice(s * F, F);
                for (var f = 0; f < F; f++)
                {
                    row[f] = (row[f] - normalization.Mean[f]) / normalization.Std[f];
                }
            }
        }

        return (float)center;
    }

    private static void WriteContext(Span<float> row, in RunFacts run, string? dominant, in RunFacts target, bool targetDefault)
    {
        switch (run.Event)
        {
            case EventKind.Push: row[FeatureSchema.EventPush] = 1; break;
            case EventKind.PullRequest: row[FeatureSchema.EventPullRequest] = 1; break;
            default: row[FeatureSchema.EventOther] = 1; break;
        }

        var isDefault = IsDefault(run, dominant);
        row[FeatureSchema.DefaultBranch] = isDefault ? 1 : 0;
        row[FeatureSchema.SameBranchAsTarget] = run.Branch is not null && target.Branch is not null
            ? (string.Equals(run.Branch, target.Branch, StringComparison.Ordinal) ? 1 : 0)
            : (isDefault == targetDefault ? 1 : 0);
        row[FeatureSchema.SameEventAsTarget] = run.Event == target.Event ? 1 : 0;
        if (!double.IsNaN(run.StartUnixSeconds))
        {
            var t = DateTimeOffset.FromUnixTimeMilliseconds((long)(run.StartUnixSeconds * 1000));
            var hour = (t.Hour + t.Minute / 60.0) / 24.0 * 2 * Math.PI;
            var day = ((int)t.DayOfWeek + t.Hour / 24.0) / 7.0 * 2 * Math.PI;
            row[FeatureSchema.HourSin] = (float)Math.Sin(hour);
            row[FeatureSchema.HourCos] = (float)Math.Cos(hour);
            row[FeatureSchema.DaySin] = (float)Math.Sin(day);
            row[FeatureSchema.DayCos] = (float)Math.Cos(day);
        }
    }

    private static bool IsDefault(in RunFacts run, string? dominant) =>
        run.IsDefaultBranch ?? (run.Branch is not null && (dominant is not null
            ? string.Equals(run.Branch, dominant, StringComparison.Ordinal)
            : run.Branch is "main" or "master" or "refs/heads/main" or "refs/heads/master"));

    private static string? DominantPushBranch(ReadOnlySpan<RunFacts> runs)
    {
        string? best = null;
        var bestCount = 0;
        for (var i = 0; i < runs.Length; i++)
        {
            if (runs[i].Event == EventKind.PullRequest || runs[i].Branch is not { } branch)
            {
                continue;
            }

            var count = 0;
            for (var j = 0; j < runs.Length; j++)
            {
                if (runs[j].Event != EventKind.PullRequest && string.Equals(runs[j].Branch, branch, StringComparison.Ordinal))
                {
                    count++;
                }
            }

            if (count > bestCount)
            {
                best = branch;
                bestCount = count;
            }
        }

        return best;
    }

    /// <summary>Median log duration of the runs (0 when empty).</summary>
    public static double Median(ReadOnlySpan<RunFacts> runs)
    {
        if (runs.Length == 0)
        {
            return 0;
        }

        Span<double> values = runs.Length <= 256 ? stackalloc double[runs.Length] : new double[runs.Length];
        for (var i = 0; i < runs.Length; i++)
        {
            values[i] = runs[i].LogDuration;
        }

        values.Sort();
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
    }

    /// <summary>Fits mean and standard deviation per feature over the real (non-padding) steps of windows.</summary>
    public static Normalization Fit(IEnumerable<float[]> rawWindows)
    {
        const int F = FeatureSchema.Count;
        var sum = new double[F];
        var sumSq = new double[F];
        long n = 0;
        foreach (var window in rawWindows)
        {
            for (var s = 0; s + F <= window.Length; s += F)
            {
                if (window[s + FeatureSchema.Present] == 0)
                {
                    continue;
                }

                for (var f = 0; f < F; f++)
                {
                    sum[f] += window[s + f];
                    sumSq[f] += window[s + f] * (double)window[s + f];
                }

                n++;
            }
        }

        var mean = new float[F];
        var std = new float[F];
        for (var f = 0; f < F; f++)
        {
            var m = n > 0 ? sum[f] / n : 0;
            var v = n > 0 ? (sumSq[f] / n) - (m * m) : 1;
            mean[f] = (float)m;
            std[f] = v > 1e-8 ? (float)Math.Sqrt(v) : 1f;
        }

        // Indicators stay interpretable: "present" keeps its raw scale so padding (0) and real steps (1) differ clearly.
        mean[FeatureSchema.Present] = 0;
        std[FeatureSchema.Present] = 1;
        return new Normalization(mean, std);
    }
}
