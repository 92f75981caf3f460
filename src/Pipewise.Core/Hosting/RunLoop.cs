using Pipewise.Core.Agent;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.Core.Hosting;

/// <summary>Settings of one pass of the loop.</summary>
public sealed record RunLoopOptions
{
    public GatePolicyOptions Policy { get; init; } = new();

    /// <summary>How many past runs the forecaster reads (T). Default 32.</summary>
    public int HistoryLength { get; init; } = 32;

    /// <summary>How many recent runs to hand to the reporter for its chart. Default 20.</summary>
    public int ChartRuns { get; init; } = 20;
}

/// <summary>
/// One run, end to end: collect → store → score → suggest → gate → annotate → learn.
/// Pipewise's own failures (store down, model broken, agent state corrupt) never fail the run unless the
/// policy is fail-closed: they become notes and a pipewise-error reason.
/// </summary>
public sealed class RunLoop(
    IPipewiseStore store,
    IForecaster? forecaster,
    ITuningAgent? agent,
    IPredictionTracker? predictions = null,
    IVerdictLog? verdicts = null,
    TimeProvider? time = null,
    Action<string>? trace = null)
{
    public async Task<RunOutcome> ExecuteAsync(IRunHost host, RunLoopOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(options);
        var notes = new List<string>();
        string? internalError = null;

        var run = await host.CollectAsync(cancellationToken).ConfigureAwait(false);

        IReadOnlyList<RunRecord> history = [];
        var alreadyStored = false;
        try
        {
            // History first (runs before this one), then store this run, so the forecast never sees its own run.
            var recent = await store.GetLastRunsAsync(run.Pipeline, options.HistoryLength + 1, null, cancellationToken).ConfigureAwait(false);
            history = [.. recent.Where(r => r.Key != run.Key && r.OrderValue <= run.OrderValue).TakeLast(options.HistoryLength)];
            alreadyStored = !await store.AppendRunAsync(run, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            internalError = $"store unavailable: {ex.Message}";
            notes.Add($"The Pipewise store ({store.Description}) could not be used: {ex.Message}");
            trace?.Invoke(ex.ToString());
        }

        Forecast? forecast = null;
        if (forecaster is null)
        {
            notes.Add("No forecasting model is available yet; Pipewise collected and stored this run.");
        }
        else if (internalError is null)
        {
            try
            {
                forecast = await forecaster.ForecastAsync(run.Pipeline, history, RunContext.From(run), cancellationToken).ConfigureAwait(false);
                if (forecast is null)
                {
                    notes.Add($"Not enough history to forecast yet ({history.Count} earlier run(s) stored).");
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                internalError = $"model failed: {ex.Message}";
                notes.Add($"The forecasting model failed: {ex.Message}");
                trace?.Invoke(ex.ToString());
            }
        }

        double? anomaly = forecast is not null && run.EffectiveDurationSeconds is { } actual && run.FinishedAt is not null
            ? forecast.AnomalyZ(actual)
            : null;

        AgentDecision? decision = null;
        if (agent is not null && internalError is null)
        {
            try
            {
                decision = await agent.StepAsync(
                    new AgentContext { Run = run, History = history, Forecast = forecast, Enforcing = options.Policy.Mode == GateMode.Enforce },
                    cancellationToken).ConfigureAwait(false);
                if (decision.Problem is { } problem)
                {
                    notes.Add($"Tuning agent: {problem}");
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                notes.Add($"The tuning agent failed and gave no suggestion: {ex.Message}");
                trace?.Invoke(ex.ToString());
            }
        }

        var verdict = GatePolicy.Evaluate(
            new GateInput
            {
                Forecast = forecast,
                DurationAnomalyZ = anomaly,
                FailedTests = run.Tests?.Failed,
                FlakyTests = run.Tests?.Flaky,
                Strategy = decision?.Strategy,
                InternalError = internalError,
            },
            options.Policy);

        string? driftNote = null;
        if (forecast is not null && predictions is not null)
        {
            try
            {
                driftNote = await predictions.RecordAsync(run, forecast, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                notes.Add($"Could not record the prediction for drift monitoring: {ex.Message}");
                trace?.Invoke(ex.ToString());
            }
        }

        if (verdicts is not null)
        {
            try
            {
                await verdicts.AppendAsync(
                    run.Pipeline,
                    new VerdictRecord
                    {
                        RunId = run.RunId,
                        Attempt = run.Attempt,
                        At = (time ?? TimeProvider.System).GetUtcNow(),
                        Verdict = verdict.Verdict,
                        Mode = verdict.Mode,
                        Reasons = verdict.Reasons,
                        ModelVersion = verdict.ModelVersion,
                        Source = "run",
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                trace?.Invoke(ex.ToString());
            }
        }

        var outcome = new RunOutcome
        {
            Run = run,
            Forecast = forecast,
            AnomalyZ = anomaly,
            Decision = decision,
            Verdict = verdict,
            Notes = notes,
            HistoryRuns = history.Count,
            RecentRuns = [.. history.TakeLast(options.ChartRuns)],
            AlreadyStored = alreadyStored,
            DriftNote = driftNote,
        };

        await host.ReportAsync(outcome, cancellationToken).ConfigureAwait(false);
        return outcome;
    }
}
