using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipewise.Core.Agent;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;

namespace Pipewise.Core.Assessment;

/// <summary>
/// The one assessment path: history → forecast → anomaly → agent → gate policy → verdict (→ verdict log, drift).
/// <c>pipewise run</c>, <c>pipewise gate</c> and the gate service all call it, so a threshold, a reason or a
/// fail-open rule is defined once. Pipewise's own failures become notes and a <see cref="ReasonCodes.PipewiseError"/>
/// reason (fail-open unless the policy is fail-closed); they never throw, except <see cref="UnknownPipelineException"/>.
/// </summary>
public sealed class RunAssessor(
    RecentRuns runs,
    IForecaster? forecaster,
    ITuningAgent? agent,
    IPredictionTracker? predictions,
    IVerdictLog? verdicts,
    AssessorOptions options,
    TimeProvider time,
    ILogger<RunAssessor>? logger = null)
{
    private readonly ILogger logger = (ILogger?)logger ?? NullLogger.Instance;
    private readonly DecisionMemory decisions = new(options.DecisionMemory);
    private readonly VerdictRecorder recorder = new(verdicts, time);

    /// <summary>Whether a forecasting model is available.</summary>
    public bool HasModel => forecaster is not null;

    public AssessorOptions Options => options;

    /// <summary>
    /// Assesses a run that has just been collected: reads the runs before it, stores it (idempotent per key), and
    /// scores it. The forecast never sees the run itself. The prediction is recorded for drift monitoring.
    /// </summary>
    public async Task<RunAssessment> AssessNewRunAsync(RunRecord run, GatePolicyOptions policy, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(policy);
        var started = Stopwatch.GetTimestamp();
        var scoring = new Scoring(run.Pipeline);
        IReadOnlyList<RunRecord> history = [];
        var alreadyStored = false;
        try
        {
            var recent = await runs.GetAsync(run.Pipeline, options.HistoryLength + 1, cancellationToken).ConfigureAwait(false);
            history = Before(recent, run);
            alreadyStored = !await runs.Store.AppendRunAsync(run, cancellationToken).ConfigureAwait(false);
            runs.Invalidate(run.Pipeline);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            scoring.Fail("store unavailable", $"The Pipewise store ({runs.Store.Description}) could not be used: {ex.Message}");
            Log.StoreFailed(logger, run.Pipeline.ToString(), ex);
        }

        var assessment = await ScoreAsync(scoring, run, history, RunContext.From(run), policy, source, started, cancellationToken).ConfigureAwait(false);
        var drift = await RecordPredictionAsync(run, assessment.Forecast, scoring, cancellationToken).ConfigureAwait(false);
        return assessment with { AlreadyStored = alreadyStored, DriftNote = drift, Notes = scoring.Notes };
    }

    /// <summary>Assesses a stored run, or the latest, as the gates do.</summary>
    /// <exception cref="UnknownPipelineException">The store holds no run of the pipeline.</exception>
    public async Task<RunAssessment> AssessStoredAsync(StoredRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = Stopwatch.GetTimestamp();
        var scoring = new Scoring(request.Pipeline);
        IReadOnlyList<RunRecord> recent = [];
        try
        {
            recent = await runs.GetAsync(request.Pipeline, options.HistoryLength + 1, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            scoring.Fail("store unavailable", $"The Pipewise store ({runs.Store.Description}) could not be read: {ex.Message}");
            Log.StoreFailed(logger, request.Pipeline.ToString(), ex);
        }

        if (scoring.Error is null && recent.Count == 0)
        {
            throw new UnknownPipelineException(request.Pipeline);
        }

        var target = request.RunId is null
            ? recent.LastOrDefault()
            : recent.Where(r => r.RunId == request.RunId).OrderBy(r => r.Attempt).LastOrDefault();
        IReadOnlyList<RunRecord> history = target is null ? [.. recent.TakeLast(options.HistoryLength)] : Before(recent, target);
        if (target is null && request.RunId is not null && scoring.Error is null)
        {
            scoring.Note($"Run {request.RunId} is not stored yet; scored from the pipeline's history and the run's context.");
        }

        var context = target is not null ? RunContext.From(target) : request.Context ?? new RunContext { StartedAt = time.GetUtcNow() };
        var assessment = await ScoreAsync(scoring, target, history, context, request.Policy, request.Source, started, cancellationToken, request.RunId).ConfigureAwait(false);
        return assessment with { RunId = target?.RunId ?? request.RunId, Notes = scoring.Notes };
    }

    private IReadOnlyList<RunRecord> Before(IReadOnlyList<RunRecord> recent, RunRecord run) =>
        [.. recent.Where(r => r.Key != run.Key && r.OrderValue <= run.OrderValue).TakeLast(options.HistoryLength)];

    private async Task<RunAssessment> ScoreAsync(
        Scoring scoring, RunRecord? run, IReadOnlyList<RunRecord> history, RunContext context, GatePolicyOptions policy, string source, long started, CancellationToken ct, string? requestedRunId = null)
    {
        var forecast = await ForecastAsync(scoring, history, context, ct).ConfigureAwait(false);
        // Whenever the duration is known: a stored duration (imports, runs --json) or finish − start.
        double? anomaly = forecast is not null && run?.EffectiveDurationSeconds is { } actual and > 0
            ? forecast.AnomalyZ(actual)
            : null;
        var decision = run is not null && scoring.Error is null ? await DecideAsync(scoring, run, history, forecast, policy, ct).ConfigureAwait(false) : null;
        var verdict = GatePolicy.Evaluate(
            new GateInput
            {
                Forecast = forecast,
                DurationAnomalyZ = anomaly,
                FailedTests = run?.Tests?.Failed,
                FlakyTests = run?.Tests?.Flaky,
                Strategy = decision?.Strategy,
                InternalError = scoring.Error,
                ModelUnavailable = forecaster is null ? "none is trained or installed in this store" : null,
            },
            policy);
        var runId = run?.RunId ?? requestedRunId; // a run asked about before it is stored is still logged under its id
        var attempt = run?.Attempt ?? 1;
        await recorder.RecordAsync(scoring.Pipeline, runId, attempt, verdict, source, e => Log.VerdictLogFailed(logger, scoring.Pipeline.ToString(), e), ct).ConfigureAwait(false);
        return new RunAssessment
        {
            Pipeline = scoring.Pipeline,
            Run = run,
            RunId = runId,
            Attempt = attempt,
            Forecast = forecast,
            AnomalyZ = anomaly,
            Decision = decision,
            Verdict = verdict,
            History = history,
            Elapsed = Stopwatch.GetElapsedTime(started),
        };
    }

    private async Task<Forecast?> ForecastAsync(Scoring scoring, IReadOnlyList<RunRecord> history, RunContext context, CancellationToken ct)
    {
        if (forecaster is null)
        {
            scoring.Note("No forecasting model is available yet; the verdict rests on tests and anomaly only.");
            return null;
        }

        if (scoring.Error is not null)
        {
            return null;
        }

        try
        {
            var forecast = await forecaster.ForecastAsync(scoring.Pipeline, history, context, ct).ConfigureAwait(false);
            if (forecast is null)
            {
                scoring.Note($"Not enough history to forecast yet ({history.Count} earlier run(s) stored).");
            }

            return forecast;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            scoring.Fail("model failed", $"The forecasting model failed: {ex.Message}");
            Log.ForecastFailed(logger, scoring.Pipeline.ToString(), ex);
            return null;
        }
    }

    private async Task<AgentDecision?> DecideAsync(Scoring scoring, RunRecord run, IReadOnlyList<RunRecord> history, Forecast? forecast, GatePolicyOptions policy, CancellationToken ct)
    {
        if (agent is null)
        {
            return null;
        }

        if (decisions.TryGet(run.Key, out var known))
        {
            return known;
        }

        try
        {
            var decision = await agent.StepAsync(
                new AgentContext { Run = run, History = history, Forecast = forecast, Enforcing = policy.Mode == GateMode.Enforce },
                ct).ConfigureAwait(false);
            decisions.Remember(run.Key, decision);
            if (decision.Problem is { } problem)
            {
                scoring.Note($"Tuning agent: {problem}");
            }

            return decision;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            scoring.Note($"The tuning agent failed and gave no suggestion: {ex.Message}");
            Log.AgentFailed(logger, run.Pipeline.ToString(), ex);
            return null;
        }
    }

    private async Task<string?> RecordPredictionAsync(RunRecord run, Forecast? forecast, Scoring scoring, CancellationToken ct)
    {
        if (forecast is null || predictions is null)
        {
            return null;
        }

        try
        {
            return await predictions.RecordAsync(run, forecast, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            scoring.Note($"Could not record the prediction for drift monitoring: {ex.Message}");
            Log.PredictionFailed(logger, run.Pipeline.ToString(), ex);
            return null;
        }
    }

    /// <summary>The notes and the first internal error of one assessment.</summary>
    private sealed class Scoring(PipelineKey pipeline)
    {
        private readonly List<string> notes = [];

        public PipelineKey Pipeline => pipeline;

        public string? Error { get; private set; }

        public IReadOnlyList<string> Notes => notes;

        public void Note(string note) => notes.Add(note);

        public void Fail(string error, string note)
        {
            Error ??= error;
            notes.Add(note);
        }
    }
}
