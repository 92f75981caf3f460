using System.Globalization;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;
using Pipewise.Forecasting.Backtesting;
using Pipewise.Forecasting.Scoring;

namespace Pipewise.Forecasting.Drift;

/// <summary>Store-backed prediction tracker: <c>predictions/&lt;pipeline key&gt;.json</c> and <c>predictions/_stale.json</c>.</summary>
public sealed class PredictionTracker(IPipewiseStore store, DriftOptions? options = null) : IPredictionTracker
{
    public const string StalePath = "predictions/_stale.json";
    private readonly DriftOptions options = options ?? new DriftOptions();

    public static string PathOf(PipelineKey pipeline) => $"predictions/{pipeline}.json";

    public async Task<string?> RecordAsync(RunRecord run, Forecast forecast, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(forecast);
        var record = new PredictionRecord
        {
            RunId = run.RunId,
            Attempt = run.Attempt,
            StartedAt = run.StartedAt,
            PredictedP50Seconds = forecast.DurationP50Seconds,
            PredictedP90Seconds = forecast.DurationP90Seconds,
            FailureProbability = forecast.FailureProbability,
            ActualSeconds = run.EffectiveDurationSeconds,
            Failed = run.Result switch { RunResult.Failed => true, RunResult.Succeeded => false, _ => null },
            ModelVersion = forecast.ModelVersion,
        };
        var key = run.Pipeline.ToString();
        var log = await store.UpdateDocumentAsync(PathOf(run.Pipeline), ForecastingJsonContext.Default.PredictionLog, current =>
        {
            var items = current?.Items.Where(i => !(i.RunId == record.RunId && i.Attempt == record.Attempt)).ToList() ?? [];
            items.Add(record);
            if (items.Count > options.MaxRecords)
            {
                items.RemoveRange(0, items.Count - options.MaxRecords);
            }

            return new PredictionLog { Pipeline = key, Items = items };
        }, cancellationToken: cancellationToken).ConfigureAwait(false);

        var (wape, auc, n) = Rolling(log?.Items ?? []);
        if (n < options.MinRecords)
        {
            return null;
        }

        string? note = null;
        if (wape > options.MaxWape)
        {
            note = string.Create(CultureInfo.InvariantCulture, $"Forecast drift on {key}: duration WAPE over the last {n} runs is {wape:0.00} (threshold {options.MaxWape:0.00}); the pipeline is flagged for retraining (pipewise train --stale-only).");
        }
        else if (!double.IsNaN(auc) && auc < options.MinAuc)
        {
            note = string.Create(CultureInfo.InvariantCulture, $"Forecast drift on {key}: failure AUC over the last {n} runs is {auc:0.00} (threshold {options.MinAuc:0.00}); the pipeline is flagged for retraining (pipewise train --stale-only).");
        }

        if (note is not null)
        {
            await store.UpdateDocumentAsync(StalePath, ForecastingJsonContext.Default.StaleList, current =>
            {
                var list = current ?? new StaleList();
                if (list.Pipelines.Contains(key))
                {
                    return null;
                }

                return new StaleList { Pipelines = [.. list.Pipelines, key], Reasons = new(list.Reasons) { [key] = note } };
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return note;
    }

    public async Task<IReadOnlyList<PredictionRecord>> GetRecentAsync(PipelineKey pipeline, int count, CancellationToken cancellationToken = default)
    {
        var doc = await store.GetDocumentAsync(PathOf(pipeline), cancellationToken).ConfigureAwait(false);
        if (doc is null)
        {
            return [];
        }

        var log = System.Text.Json.JsonSerializer.Deserialize(doc.Content, ForecastingJsonContext.Default.PredictionLog);
        var items = log?.Items ?? [];
        return items.Skip(Math.Max(0, items.Count - count)).ToArray();
    }

    /// <summary>The pipelines flagged for retraining.</summary>
    public async Task<IReadOnlyList<PipelineKey>> GetStaleAsync(CancellationToken ct)
    {
        var doc = await store.GetDocumentAsync(StalePath, ct).ConfigureAwait(false);
        var list = doc is null ? null : System.Text.Json.JsonSerializer.Deserialize(doc.Content, ForecastingJsonContext.Default.StaleList);
        return (list?.Pipelines ?? []).Select(PipelineKey.Parse).ToArray();
    }

    /// <summary>Clears the retraining flags of these pipelines.</summary>
    public Task ClearStaleAsync(IReadOnlyCollection<PipelineKey> pipelines, CancellationToken ct)
    {
        var keys = pipelines.Select(p => p.ToString()).ToHashSet(StringComparer.Ordinal);
        return store.UpdateDocumentAsync(StalePath, ForecastingJsonContext.Default.StaleList, current =>
            current is null ? null : new StaleList
            {
                Pipelines = current.Pipelines.Where(p => !keys.Contains(p)).ToList(),
                Reasons = current.Reasons.Where(kv => !keys.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value),
            }, cancellationToken: ct);
    }

    private (double Wape, double Auc, int N) Rolling(List<PredictionRecord> items)
    {
        var recent = items.Where(i => i.ActualSeconds is > 0).TakeLast(options.Window).ToArray();
        var wape = Metrics.Wape(recent.Select(r => r.ActualSeconds!.Value).ToArray(), recent.Select(r => r.PredictedP50Seconds).ToArray());
        var labelled = items.Where(i => i.Failed is not null).TakeLast(options.Window).ToArray();
        var auc = Metrics.Auc(labelled.Select(r => r.Failed!.Value).ToArray(), labelled.Select(r => r.FailureProbability).ToArray());
        return (wape, auc, recent.Length);
    }
}
