using System.Globalization;
using Pipewise.Core.Agent;

namespace Pipewise.Core.Gate;

/// <summary>Turns a forecast, anomaly, tests and the agent's strategy into a verdict with checkable reasons.</summary>
/// <remarks>
/// Every input that was measured yields one reason, "measured value vs threshold", including the ones that passed,
/// so that a person can check the whole decision. The verdict is the worst severity among the reasons.
/// </remarks>
public static class GatePolicy
{
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="GatePolicyOptions.Validate"/>).</exception>
    public static GateVerdict Evaluate(GateInput input, GatePolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException($"Invalid gate policy: {problem}", nameof(options));
        }

        var reasons = new List<GateReason>();

        if (input.InternalError is { } error)
        {
            // Fail-open is a pass (the customer's pipeline goes on), with the reason kept and shown as a warning.
            var severity = options.FailClosed ? Verdict.Fail : Verdict.Pass;
            reasons.Add(new GateReason(
                ReasonCodes.PipewiseError,
                severity,
                1,
                0,
                options.FailClosed
                    ? $"Pipewise could not score this run ({error}); fail-closed is set, so the gate fails."
                    : $"Pipewise could not score this run ({error}); failing open (set fail-closed to block instead)."));
        }

        if (input.Forecast is { } f)
        {
            Add(reasons, ReasonCodes.FailureRisk, "failure probability", f.FailureProbability, options.FailureWarn, options.FailureFail, "0.00");
        }
        else if (input.ModelUnavailable is { } why)
        {
            reasons.Add(new GateReason(ReasonCodes.NoModel, Verdict.Pass, 0, 0,
                $"no forecasting model is available ({why}); the verdict rests on tests and anomaly only"));
        }

        if (input.DurationAnomalyZ is { } z and < 0 && -z >= options.AnomalyWarn)
        {
            // Faster than forecast is worth a look (skipped work?) but is never a reason to block: an adopted
            // suggestion makes runs faster, and a gate that fails on that punishes the improvement.
            reasons.Add(new GateReason(ReasonCodes.DurationAnomaly, Verdict.Warn, -z, options.AnomalyWarn, Invariant(
                $"the run was much faster than forecast: duration anomaly |z| {-z:0.0} ≥ warn threshold {options.AnomalyWarn:0.0} (a faster run is at most a warning; check that it did all its work)")));
        }
        else if (input.DurationAnomalyZ is { } anomaly)
        {
            Add(reasons, ReasonCodes.DurationAnomaly, "duration anomaly |z|", Math.Abs(anomaly), options.AnomalyWarn, options.AnomalyFail, "0.0");
        }

        if (input.FailedTests is { } failed)
        {
            reasons.Add(failed > options.MaxFailedTests
                ? new GateReason(ReasonCodes.FailedTests, Verdict.Fail, failed, options.MaxFailedTests,
                    Invariant($"{failed} failed test(s) > allowed {options.MaxFailedTests}"))
                : new GateReason(ReasonCodes.FailedTests, Verdict.Pass, failed, options.MaxFailedTests,
                    Invariant($"{failed} failed test(s) ≤ allowed {options.MaxFailedTests}")));
        }

        if (input.FlakyTests is { } flaky)
        {
            reasons.Add(flaky > options.MaxFlakyTests
                ? new GateReason(ReasonCodes.FlakyTests, Verdict.Warn, flaky, options.MaxFlakyTests,
                    Invariant($"{flaky} flaky test(s) > allowed {options.MaxFlakyTests}"))
                : new GateReason(ReasonCodes.FlakyTests, Verdict.Pass, flaky, options.MaxFlakyTests,
                    Invariant($"{flaky} flaky test(s) ≤ allowed {options.MaxFlakyTests}")));
        }

        if (input.Strategy is DeploymentStrategy.Hold)
        {
            reasons.Add(new GateReason(ReasonCodes.AgentHold, Verdict.Warn, 1, 0, "the agent recommends holding this deployment (strategy hold)"));
        }
        else if (input.Strategy is { } strategy)
        {
            reasons.Add(new GateReason(ReasonCodes.AgentStrategy, Verdict.Pass, 0, 0,
                $"the agent recommends strategy {strategy.ToString().ToLowerInvariant()}"));
        }

        var verdict = reasons.Count == 0 ? Verdict.Pass : reasons.Max(r => r.Severity);
        if (verdict == Verdict.Pass && input.InternalError is null && !reasons.Any(r => r.Code is ReasonCodes.FailureRisk or ReasonCodes.DurationAnomaly or ReasonCodes.FailedTests or ReasonCodes.FlakyTests))
        {
            reasons.Add(new GateReason(ReasonCodes.AllClear, Verdict.Pass, 0, 0, input.Forecast is null
                ? "no forecast available yet (not enough history); nothing measured crossed a threshold"
                : "every measured value is below its threshold"));
        }

        // Worst first, so that the first reason explains the verdict.
        var ordered = reasons.Select((r, i) => (r, i)).OrderByDescending(x => x.r.Severity).ThenBy(x => x.i).Select(x => x.r).ToList();

        return new GateVerdict
        {
            Verdict = verdict,
            Mode = options.Mode,
            Reasons = ordered,
            ModelVersion = input.Forecast?.ModelVersion,
            TopFeatures = input.Forecast?.TopFeatures ?? [],
            Strategy = input.Strategy,
        };
    }

    private static void Add(List<GateReason> reasons, string code, string what, double measured, double warn, double fail, string format)
    {
        string F(double v) => v.ToString(format, CultureInfo.InvariantCulture);
        if (measured >= fail)
        {
            reasons.Add(new GateReason(code, Verdict.Fail, measured, fail, $"{what} {F(measured)} ≥ fail threshold {F(fail)}"));
        }
        else if (measured >= warn)
        {
            reasons.Add(new GateReason(code, Verdict.Warn, measured, warn, $"{what} {F(measured)} ≥ warn threshold {F(warn)}"));
        }
        else
        {
            reasons.Add(new GateReason(code, Verdict.Pass, measured, warn, $"{what} {F(measured)} < warn threshold {F(warn)}"));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
