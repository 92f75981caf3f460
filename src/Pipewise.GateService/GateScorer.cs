using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipewise.Core.Agent;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;

namespace Pipewise.GateService;

/// <summary>What is asked: which pipeline, optionally which run, and who asks.</summary>
public sealed record GateRequest
{
    public required PipelineKey Pipeline { get; init; }

    /// <summary>The run being deployed; null scores the pipeline's latest stored run.</summary>
    public string? RunId { get; init; }

    /// <summary>What is known of the run when it is not stored yet (event, branch).</summary>
    public RunContext? Context { get; init; }

    /// <summary><c>azure-devops-gate</c>, <c>github-protection-rule</c> or <c>gate</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The policy for this request; null uses the service's.</summary>
    public GatePolicyOptions? Policy { get; init; }
}

/// <summary>A scored gate request.</summary>
public sealed record GateScore
{
    public required PipelineKey Pipeline { get; init; }
    public string? RunId { get; init; }
    public int Attempt { get; init; } = 1;

    /// <summary>True when the scored run is in the store (its tests and duration were used).</summary>
    public bool RunStored { get; init; }

    public required GateVerdict Verdict { get; init; }
    public Forecast? Forecast { get; init; }
    public double? AnomalyZ { get; init; }
    public int HistoryCount { get; init; }
    public IReadOnlyList<string> Notes { get; init; } = [];
    public TimeSpan Elapsed { get; init; }
}

/// <summary>The pipeline has no stored runs: Pipewise knows nothing about it.</summary>
public sealed class UnknownPipelineException(PipelineKey pipeline)
    : Exception($"Pipeline '{pipeline}' is unknown to this Pipewise store (no stored runs). Collect runs first (pipewise run / import).")
{
    public PipelineKey Pipeline { get; } = pipeline;
}

/// <summary>
/// Scores a pipeline's run for the gate: history from the store → forecast → anomaly → agent strategy → policy,
/// then records the verdict. Pipewise's own failures become a pipewise-error reason (fail-open unless fail-closed).
/// </summary>
public sealed class GateScorer
{
    private readonly IPipewiseStore store;
    private readonly IForecaster? forecaster;
    private readonly ITuningAgent? agent;
    private readonly IVerdictLog? verdicts;
    private readonly GateServiceOptions options;
    private readonly TimeProvider time;
    private readonly GateMetrics metrics;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<PipelineKey, (DateTimeOffset At, Task<IReadOnlyList<RunRecord>> Runs)> history = new();
    private readonly ConcurrentDictionary<RunKey, AgentDecision> decisions = new();
    private readonly ConcurrentDictionary<(PipelineKey, string), string> lastLogged = new();

    public GateScorer(
        IPipewiseStore store,
        IForecaster? forecaster,
        ITuningAgent? agent,
        IVerdictLog? verdicts,
        GateServiceOptions options,
        GateMetrics? metrics = null,
        TimeProvider? time = null,
        ILogger? logger = null)
    {
        this.store = store ?? throw new ArgumentNullException(nameof(store));
        this.forecaster = forecaster;
        this.agent = agent;
        this.verdicts = verdicts;
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        this.metrics = metrics ?? new GateMetrics();
        this.time = time ?? TimeProvider.System;
        this.logger = logger ?? NullLogger.Instance;
    }

    public GateMetrics Metrics => metrics;

    public bool HasModel => forecaster is not null;

    /// <exception cref="UnknownPipelineException">The store holds no run of the pipeline.</exception>
    public async Task<GateScore> ScoreAsync(GateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = Stopwatch.GetTimestamp();
        var policy = request.Policy ?? options.Policy;
        var notes = new List<string>();
        string? internalError = null;

        IReadOnlyList<RunRecord> runs = [];
        try
        {
            runs = await GetRunsAsync(request.Pipeline, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            internalError = "store unavailable";
            notes.Add($"The store could not be read: {ex.GetType().Name}");
            logger.LogWarning("Gate: store read failed for {Pipeline}: {Error}", request.Pipeline.ToString(), ex.Message);
        }

        if (internalError is null && runs.Count == 0)
        {
            throw new UnknownPipelineException(request.Pipeline);
        }

        RunRecord? target = request.RunId is null
            ? runs.LastOrDefault()
            : runs.Where(r => r.RunId == request.RunId).OrderBy(r => r.Attempt).LastOrDefault();
        IReadOnlyList<RunRecord> before = target is null
            ? [.. runs.TakeLast(options.HistoryLength)]
            : [.. runs.Where(r => r.Key != target.Key && r.OrderValue <= target.OrderValue).TakeLast(options.HistoryLength)];
        if (target is null && request.RunId is not null && internalError is null)
        {
            notes.Add($"Run {request.RunId} is not stored yet; scored from the pipeline's history and the run's context.");
        }

        Forecast? forecast = null;
        string? modelUnavailable = null;
        if (forecaster is null)
        {
            modelUnavailable = "none is trained or installed in this store";
        }
        else if (internalError is null)
        {
            try
            {
                var context = target is not null ? RunContext.From(target) : request.Context ?? new RunContext { StartedAt = time.GetUtcNow() };
                forecast = await forecaster.ForecastAsync(request.Pipeline, before, context, cancellationToken).ConfigureAwait(false);
                if (forecast is null)
                {
                    notes.Add($"Not enough history to forecast yet ({before.Count} earlier run(s)).");
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                internalError = "model failed";
                notes.Add($"The forecasting model failed: {ex.GetType().Name}");
                logger.LogWarning("Gate: forecast failed for {Pipeline}: {Error}", request.Pipeline.ToString(), ex.Message);
            }
        }

        double? anomaly = forecast is not null && target?.FinishedAt is not null && target.EffectiveDurationSeconds is { } actual
            ? forecast.AnomalyZ(actual)
            : null;

        AgentDecision? decision = null;
        if (agent is not null && target is not null && internalError is null)
        {
            decision = await DecideAsync(target, before, forecast, policy, notes, cancellationToken).ConfigureAwait(false);
        }

        var verdict = GatePolicy.Evaluate(
            new GateInput
            {
                Forecast = forecast,
                DurationAnomalyZ = anomaly,
                FailedTests = target?.Tests?.Failed,
                FlakyTests = target?.Tests?.Flaky,
                Strategy = decision?.Strategy,
                InternalError = internalError,
                ModelUnavailable = modelUnavailable,
            },
            policy);

        var elapsed = Stopwatch.GetElapsedTime(started);
        var runId = target?.RunId ?? request.RunId;
        metrics.RecordVerdict(request.Pipeline.ToString(), verdict.Verdict.ToString().ToLowerInvariant(), request.Source, verdict.ModelVersion, elapsed);
        await LogVerdictAsync(request, runId, target?.Attempt ?? 1, verdict, cancellationToken).ConfigureAwait(false);

        return new GateScore
        {
            Pipeline = request.Pipeline,
            RunId = runId,
            Attempt = target?.Attempt ?? 1,
            RunStored = target is not null,
            Verdict = verdict,
            Forecast = forecast,
            AnomalyZ = anomaly,
            HistoryCount = before.Count,
            Notes = notes,
            Elapsed = elapsed,
        };
    }

    /// <summary>Finds the stored pipelines of a GitHub repository (for webhooks that name the repository, not the workflow).</summary>
    public async Task<IReadOnlyList<PipelineKey>> FindPipelinesAsync(string provider, string organization, string repository, CancellationToken cancellationToken)
    {
        var all = await store.ListPipelinesAsync(cancellationToken).ConfigureAwait(false);
        return [.. all.Where(p => string.Equals(p.Provider, provider, StringComparison.OrdinalIgnoreCase)
            && string.Equals(p.Organization, organization, StringComparison.OrdinalIgnoreCase)
            && string.Equals(p.Repository, repository, StringComparison.OrdinalIgnoreCase))];
    }

    /// <summary>Whether a pipeline's recent runs hold this run id.</summary>
    public async Task<bool> HasRunAsync(PipelineKey pipeline, string runId, CancellationToken cancellationToken)
    {
        var runs = await GetRunsAsync(pipeline, cancellationToken).ConfigureAwait(false);
        return runs.Any(r => r.RunId == runId);
    }

    private Task<IReadOnlyList<RunRecord>> GetRunsAsync(PipelineKey pipeline, CancellationToken cancellationToken)
    {
        // One more than the history, so that the latest run and its T predecessors are both there.
        if (options.HistoryCacheTime <= TimeSpan.Zero)
        {
            return store.GetLastRunsAsync(pipeline, options.HistoryLength + 1, null, cancellationToken);
        }

        // Single flight: concurrent requests for a pipeline share one store read per cache period.
        var now = time.GetUtcNow();
        while (true)
        {
            if (history.TryGetValue(pipeline, out var cached) && now - cached.At < options.HistoryCacheTime && !cached.Runs.IsFaulted && !cached.Runs.IsCanceled)
            {
                return cached.Runs;
            }

            var load = store.GetLastRunsAsync(pipeline, options.HistoryLength + 1, null, CancellationToken.None);
            var fresh = (now, load);
            var stored = cached.Runs is null ? history.TryAdd(pipeline, fresh) : history.TryUpdate(pipeline, fresh, cached);
            if (stored)
            {
                // A failed read is not cached: the next request tries the store again.
                _ = load.ContinueWith(t => history.TryRemove(new KeyValuePair<PipelineKey, (DateTimeOffset, Task<IReadOnlyList<RunRecord>>)>(pipeline, fresh)), CancellationToken.None, TaskContinuationOptions.NotOnRanToCompletion, TaskScheduler.Default);
                return load.WaitAsync(cancellationToken);
            }
        }
    }

    private async Task<AgentDecision?> DecideAsync(RunRecord target, IReadOnlyList<RunRecord> before, Forecast? forecast, GatePolicyOptions policy, List<string> notes, CancellationToken cancellationToken)
    {
        if (decisions.TryGetValue(target.Key, out var known))
        {
            return known;
        }

        try
        {
            var decision = await agent!.StepAsync(
                new AgentContext { Run = target, History = before, Forecast = forecast, Enforcing = policy.Mode == GateMode.Enforce },
                cancellationToken).ConfigureAwait(false);
            if (decisions.Count > 10_000)
            {
                decisions.Clear();
            }

            decisions[target.Key] = decision;
            if (decision.Problem is { } problem)
            {
                notes.Add($"Tuning agent: {problem}");
            }

            return decision;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            notes.Add($"The tuning agent failed and gave no strategy: {ex.GetType().Name}");
            logger.LogWarning("Gate: agent failed for {Pipeline}: {Error}", target.Pipeline.ToString(), ex.Message);
            return null;
        }
    }

    private async Task LogVerdictAsync(GateRequest request, string? runId, int attempt, GateVerdict verdict, CancellationToken cancellationToken)
    {
        if (verdicts is null)
        {
            return;
        }

        // Gates are sampled repeatedly: log a verdict once per run, source and result, not once per request.
        var signature = $"{runId}.{attempt}|{verdict.Verdict}|{verdict.Mode}";
        var slot = (request.Pipeline, request.Source);
        if (lastLogged.TryGetValue(slot, out var last) && last == signature)
        {
            return;
        }

        lastLogged[slot] = signature;
        try
        {
            await verdicts.AppendAsync(
                request.Pipeline,
                new VerdictRecord
                {
                    RunId = runId ?? "latest",
                    Attempt = attempt,
                    At = time.GetUtcNow(),
                    Verdict = verdict.Verdict,
                    Mode = verdict.Mode,
                    Reasons = verdict.Reasons,
                    ModelVersion = verdict.ModelVersion,
                    Source = request.Source,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            lastLogged.TryRemove(slot, out _);
            logger.LogWarning("Gate: could not record the verdict for {Pipeline}: {Error}", request.Pipeline.ToString(), ex.Message);
        }
    }
}
