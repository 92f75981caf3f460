using System.Globalization;
using Pipewise.Core.Agent;

namespace Pipewise.Core.Gate;

/// <summary>Turns a forecast, anomaly, tests and the agent's strategy into a verdict with checkable reasons.</summary>
public static class GatePolicy
{
    public static GateVerdict Evaluate(GateInput input, GatePolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        var reasons = new List<GateReason>();

        if (input.InternalError is { } error)
        {
            var severity = options.FailClosed ? Verdict.Fail : Verdict.Warn;
            reasons.Add(new GateReason(
                "pipewise-error",
                severity,
                1,
                0,
                options.FailClosed
                    ? $"Pipewise could not score this run ({error}); fail-closed is set, so the gate fails."
                    : $"Pipewise could not score this run ({error}); failing open (set fail-closed to block instead)."));
        }

        if (input.Forecast is { } f)
        {
            Add(reasons, "failure-risk", "failure probability", f.FailureProbability, options.FailureWarn, options.FailureFail, "0.00");
        }

        if (input.DurationAnomalyZ is { } z)
        {
            Add(reasons, "duration-anomaly", "duration anomaly |z|", Math.Abs(z), options.AnomalyWarn, options.AnomalyFail, "0.0");
        }

        if (input.FailedTests is { } failed && failed > options.MaxFailedTests)
        {
            reasons.Add(new GateReason("failed-tests", Verdict.Fail, failed, options.MaxFailedTests,
                string.Create(CultureInfo.InvariantCulture, $"{failed} failed test(s) > allowed {options.MaxFailedTests}")));
        }

        if (input.FlakyTests is { } flaky && flaky > options.MaxFlakyTests)
        {
            reasons.Add(new GateReason("flaky-tests", Verdict.Warn, flaky, options.MaxFlakyTests,
                string.Create(CultureInfo.InvariantCulture, $"{flaky} flaky test(s) > allowed {options.MaxFlakyTests}")));
        }

        if (input.Strategy is DeploymentStrategy.Hold)
        {
            reasons.Add(new GateReason("agent-hold", Verdict.Warn, 1, 0, "the agent recommends holding this deployment"));
        }

        var verdict = reasons.Count == 0 ? Verdict.Pass : reasons.Max(r => r.Severity);
        if (reasons.Count == 0)
        {
            reasons.Add(new GateReason("all-clear", Verdict.Pass, 0, 0, input.Forecast is null
                ? "no forecast available yet (not enough history); nothing measured crossed a threshold"
                : "every measured value is below its threshold"));
        }

        return new GateVerdict
        {
            Verdict = verdict,
            Mode = options.Mode,
            Reasons = reasons,
            ModelVersion = input.Forecast?.ModelVersion,
            TopFeatures = input.Forecast?.TopFeatures ?? [],
            Strategy = input.Strategy,
        };
    }

    private static void Add(List<GateReason> reasons, string code, string what, double measured, double warn, double fail, string format)
    {
        if (measured >= fail)
        {
            reasons.Add(new GateReason(code, Verdict.Fail, measured, fail, $"{what} {measured.ToString(format, CultureInfo.InvariantCulture)} ≥ fail threshold {fail.ToString(format, CultureInfo.InvariantCulture)}"));
        }
        else if (measured >= warn)
        {
            reasons.Add(new GateReason(code, Verdict.Warn, measured, warn, $"{what} {measured.ToString(format, CultureInfo.InvariantCulture)} ≥ warn threshold {warn.ToString(format, CultureInfo.InvariantCulture)}"));
        }
    }
}
