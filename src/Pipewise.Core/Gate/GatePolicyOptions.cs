namespace Pipewise.Core.Gate;

/// <summary>Thresholds and mode of the gate. Defaults are conservative: advise, fail-open.</summary>
public sealed record GatePolicyOptions
{
    /// <summary>Mode; default <see cref="GateMode.Advise"/>.</summary>
    public GateMode Mode { get; init; } = GateMode.Advise;

    /// <summary>Failure probability at or above which the verdict is warn. Default 0.5.</summary>
    public double FailureWarn { get; init; } = 0.5;

    /// <summary>Failure probability at or above which the verdict is fail. Default 0.8.</summary>
    public double FailureFail { get; init; } = 0.8;

    /// <summary>|anomaly z| at or above which the verdict is warn. Default 2.</summary>
    public double AnomalyWarn { get; init; } = 2.0;

    /// <summary>|anomaly z| at or above which the verdict is fail. Default 4.</summary>
    public double AnomalyFail { get; init; } = 4.0;

    /// <summary>Failed tests above this count fail the verdict. Default 0.</summary>
    public int MaxFailedTests { get; init; }

    /// <summary>Flaky tests above this count warn. Default 0.</summary>
    public int MaxFlakyTests { get; init; }

    /// <summary>When Pipewise itself fails: false (default) passes with a warning; true fails.</summary>
    public bool FailClosed { get; init; }

    /// <summary>Checks the ranges and the order of the thresholds; returns a message naming the bad field, or null.</summary>
    public string? Validate()
    {
        if (FailureWarn is < 0 or > 1)
        {
            return $"failure-warn must be between 0 and 1, found {FailureWarn}";
        }

        if (FailureFail is < 0 or > 1)
        {
            return $"failure-fail must be between 0 and 1, found {FailureFail}";
        }

        if (FailureWarn > FailureFail)
        {
            return $"failure-warn ({FailureWarn}) must not be above failure-fail ({FailureFail})";
        }

        if (AnomalyWarn < 0 || AnomalyFail < 0 || AnomalyWarn > AnomalyFail)
        {
            return $"anomaly-warn ({AnomalyWarn}) and anomaly-fail ({AnomalyFail}) must be ≥ 0 with warn ≤ fail";
        }

        if (MaxFailedTests < 0 || MaxFlakyTests < 0)
        {
            return "max-failed-tests and max-flaky-tests must be ≥ 0";
        }

        return null;
    }
}
