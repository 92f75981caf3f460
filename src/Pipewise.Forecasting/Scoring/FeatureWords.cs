using System.Globalization;
using Pipewise.Forecasting.Features;

namespace Pipewise.Forecasting.Scoring;

/// <summary>What an occluded feature of the explanation means, in words a person reads in a summary.</summary>
internal static class FeatureWords
{
    /// <summary>Describes feature <paramref name="feature"/> of history run −<paramref name="runsBack"/> (0 = the run being forecast) at its raw value.</summary>
    public static string Describe(int feature, int runsBack, double value)
    {
        var run = runsBack switch
        {
            0 => "this run",
            1 => "the previous run",
            _ => string.Create(CultureInfo.InvariantCulture, $"the run {runsBack} before this one"),
        };
        return feature switch
        {
            FeatureSchema.Failed => value >= 0.5 ? $"{run} failed" : $"{run} passed",
            FeatureSchema.LogDurationRel => value > 0.05 ? $"{run} was slower than the recent median" : value < -0.05 ? $"{run} was faster than the recent median" : $"{run} took the usual time",
            FeatureSchema.TestFailedFraction => value > 0 ? string.Create(CultureInfo.InvariantCulture, $"{run} had failing tests ({value:P0})") : $"{run} had no failing test",
            FeatureSchema.LogGapHours when runsBack == 0 => string.Create(CultureInfo.InvariantCulture, $"{Hours(value)} since the previous run started"),
            FeatureSchema.LogGapHours => string.Create(CultureInfo.InvariantCulture, $"{run} started {Hours(value)} after the one before it"),
            FeatureSchema.EventPullRequest => value >= 0.5 ? "a pull request" : "not a pull request",
            FeatureSchema.DefaultBranch => value >= 0.5 ? "on the default branch" : "not on the default branch",
            FeatureSchema.HourSin => "the hour of day it starts",
            _ => FeatureSchema.Names[feature],
        };
    }

    private static string Hours(double logGap)
    {
        var hours = Math.Max(0, Math.Exp(logGap) - 1);
        return hours < 1 ? string.Create(CultureInfo.InvariantCulture, $"{hours * 60:0} minutes") : hours < 48 ? string.Create(CultureInfo.InvariantCulture, $"{hours:0.#} hours") : string.Create(CultureInfo.InvariantCulture, $"{hours / 24:0} days");
    }
}
