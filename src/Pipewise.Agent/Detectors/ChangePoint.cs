namespace Pipewise.Agent.Detectors;

/// <summary>A lasting step up in a pipeline's durations: the first slow run, the medians before and after, the rank statistic.</summary>
public sealed record ChangePoint(int Index, double MedianBefore, double MedianAfter, double Z)
{
    /// <summary>The relative size of the change, e.g. 0.41 for +41 %.</summary>
    public double Change => MedianAfter / MedianBefore - 1;
}
