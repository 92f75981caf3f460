namespace Pipewise.Forecasting.Features;

/// <summary>Builds feature windows from run facts.</summary>
public static class WindowBuilder
{
    /// <summary>
    /// Writes the raw (un-normalised) window for predicting <paramref name="target"/> from <paramref name="history"/>
    /// (oldest first; only the last <paramref name="historyLength"/> are used) into <paramref name="destination"/>
    /// (length (T+1)·F). Returns the window's anchors: the centre (log of the median of the last 5 history durations;
    /// 0 when empty) and the logit of the recent failure rate.
    /// </summary>
    public static WindowAnchors Build(ReadOnlySpan<RunFacts> history, in RunFacts target, int historyLength, Span<float> destination, Normalization? normalization)
    {
        const int F = FeatureSchema.Count;
        var steps = historyLength + 1;
        if (destination.Length < steps * F)
        {
            throw new ArgumentException($"Destination holds {destination.Length} floats; a window needs {steps * F}.", nameof(destination));
        }

        destination[..(steps * F)].Clear();
        var used = history.Length > historyLength ? history[^historyLength..] : history;
        var center = Median(used.Length > 5 ? used[^5..] : used);
        var pad = historyLength - used.Length;

        // The default branch: known from the provider, else the most frequent branch of push runs in the window.
        var dominant = DefaultBranchRule.DominantPushBranch(used);
        var targetDefault = DefaultBranchRule.IsDefault(target, dominant);
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
        if (used.Length > 0)
        {
            last[FeatureSchema.EwmaRel] = (float)(Math.Log(Baselines.SimpleBaselines.Ewma(used)) - center);
            last[FeatureSchema.LastRel] = (float)(used[^1].LogDuration - center);
            last[FeatureSchema.WindowMedianRel] = (float)(Median(used) - center);
            last[FeatureSchema.RecentFailureRate] = (float)Baselines.SimpleBaselines.Rate10(used);
        }

        last[FeatureSchema.LogHistoryRuns] = (float)Math.Log(1 + used.Length);

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

        return new WindowAnchors((float)center, WindowAnchors.FailureLogitOf(used));
    }

    private static void WriteContext(Span<float> row, in RunFacts run, string? dominant, in RunFacts target, bool targetDefault)
    {
        switch (run.Event)
        {
            case EventKind.Push: row[FeatureSchema.EventPush] = 1; break;
            case EventKind.PullRequest: row[FeatureSchema.EventPullRequest] = 1; break;
            default: row[FeatureSchema.EventOther] = 1; break;
        }

        var isDefault = DefaultBranchRule.IsDefault(run, dominant);
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
}
