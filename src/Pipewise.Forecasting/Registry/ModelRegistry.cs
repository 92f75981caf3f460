using System.Globalization;
using System.Text;
using Pipewise.Core.Storage;
using Pipewise.Forecasting.Backtesting;
using Pipewise.Forecasting.Scoring;

namespace Pipewise.Forecasting.Registry;

/// <summary>
/// Model versions in the store: <c>models/bilstm/&lt;version&gt;/{model.onnx, manifest.json, MODEL_CARD.md}</c> and the
/// <c>current</c> pointer. A version whose manifest or checksum is bad is never loaded; the newest good earlier
/// version is used instead.
/// </summary>
public sealed class ModelRegistry(IPipewiseStore store, string name = ModelManifest.DefaultName)
{
    public const string ModelFile = "model.onnx";
    public const string ManifestFile = "manifest.json";
    public const string CardFile = "MODEL_CARD.md";

    public async Task RegisterAsync(ModelManifest manifest, byte[] model, string? card, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(model);
        await store.PutModelFileAsync(name, manifest.Version, ModelFile, model, ct).ConfigureAwait(false);
        if (card is not null)
        {
            await store.PutModelFileAsync(name, manifest.Version, CardFile, Encoding.UTF8.GetBytes(card), ct).ConfigureAwait(false);
        }

        // The manifest goes last: a version without one is incomplete and is skipped.
        await store.PutModelFileAsync(name, manifest.Version, ManifestFile, manifest.ToJson(), ct).ConfigureAwait(false);
    }

    public async Task<string?> GetCurrentVersionAsync(CancellationToken ct)
    {
        var current = await store.GetCurrentModelAsync(name, ct).ConfigureAwait(false);
        return current is null ? null : ParsePointer(current.Text);
    }

    /// <summary>Loads and verifies one version.</summary>
    public async Task<OnnxScorer> LoadAsync(string version, CancellationToken ct)
    {
        var manifest = await store.GetModelFileAsync(name, version, ManifestFile, ct).ConfigureAwait(false);
        var model = await store.GetModelFileAsync(name, version, ModelFile, ct).ConfigureAwait(false);
        var source = $"{store.Description} models/{name}/{version}";
        if (manifest is null || model is null)
        {
            throw new ModelRejectedException($"{source}: {(manifest is null ? ManifestFile : ModelFile)} is missing.");
        }

        return OnnxScorer.Load(manifest, model, source);
    }

    /// <summary>The current version, or (when it is refused) the newest earlier version that loads; null when none is set.</summary>
    public async Task<OnnxScorer?> LoadCurrentAsync(Action<string>? log, CancellationToken ct)
    {
        var current = await GetCurrentVersionAsync(ct).ConfigureAwait(false);
        if (current is null)
        {
            return null;
        }

        try
        {
            return await LoadAsync(current, ct).ConfigureAwait(false);
        }
        catch (ModelRejectedException ex)
        {
            log?.Invoke($"Pipewise: model refused: {ex.Message}");
        }

        var versions = await store.ListModelVersionsAsync(name, ct).ConfigureAwait(false);
        foreach (var v in versions.Where(v => string.CompareOrdinal(v, current) < 0).OrderByDescending(v => v, StringComparer.Ordinal))
        {
            try
            {
                var scorer = await LoadAsync(v, ct).ConfigureAwait(false);
                log?.Invoke($"Pipewise: using the previous good model {scorer.Manifest.ModelVersion} instead.");
                return scorer;
            }
            catch (ModelRejectedException ex)
            {
                log?.Invoke($"Pipewise: model refused: {ex.Message}");
            }
        }

        return null;
    }

    public async Task<IReadOnlyList<ModelVersionInfo>> ListAsync(CancellationToken ct)
    {
        var current = await GetCurrentVersionAsync(ct).ConfigureAwait(false);
        var result = new List<ModelVersionInfo>();
        foreach (var v in (await store.ListModelVersionsAsync(name, ct).ConfigureAwait(false)).Order(StringComparer.Ordinal))
        {
            ModelManifest? manifest = null;
            string? problem = null;
            try
            {
                using var scorer = await LoadAsync(v, ct).ConfigureAwait(false);
                manifest = scorer.Manifest;
            }
            catch (ModelRejectedException ex)
            {
                problem = ex.Message;
            }

            result.Add(new ModelVersionInfo(v, manifest, v == current, problem));
        }

        return result;
    }

    /// <summary>Points <c>current</c> at a version after checking that it loads.</summary>
    public async Task PromoteAsync(string version, CancellationToken ct)
    {
        using (await LoadAsync(version, ct).ConfigureAwait(false))
        {
        }

        var current = await store.GetCurrentModelAsync(name, ct).ConfigureAwait(false);
        await store.SetCurrentModelAsync(name, version, current?.ETag, ct).ConfigureAwait(false);
    }

    /// <summary>Moves <c>current</c> to the newest good version older than the current one; returns it.</summary>
    public async Task<string> RollbackAsync(CancellationToken ct)
    {
        var current = await GetCurrentVersionAsync(ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"No current {name} model is set in {store.Description}; nothing to roll back.");
        var versions = await store.ListModelVersionsAsync(name, ct).ConfigureAwait(false);
        foreach (var v in versions.Where(v => string.CompareOrdinal(v, current) < 0).OrderByDescending(v => v, StringComparer.Ordinal))
        {
            try
            {
                await PromoteAsync(v, ct).ConfigureAwait(false);
                return v;
            }
            catch (ModelRejectedException)
            {
                // try an older one
            }
        }

        throw new InvalidOperationException($"No good {name} version older than '{current}' is stored in {store.Description}.");
    }

    /// <summary>
    /// A challenger is promoted when its served forecast (the per-pipeline choice of model or simple forecast that users
    /// get, EVALUATION.md §1) beats the champion's served forecast on duration WAPE over the store's chronological
    /// holdout, without losing more than 0.01 failure AUC. Without a champion (no model in the store and no shipped
    /// default) the challenger's served forecast must beat the best simple baseline. The reason names both models and
    /// the margin.
    /// </summary>
    public static PromotionDecision Decide(BacktestReport report, string? challengerVersion = null, string? championVersion = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var ci = CultureInfo.InvariantCulture;
        var challenger = challengerVersion ?? report.Model;
        var (c, ca) = Served(report, "served", "bilstm");
        if (!report.Duration.ContainsKey("champion"))
        {
            var (baseline, baselineWape) = report.Duration.Where(kv => kv.Key is "last" or "median5" or "ewma").Select(kv => (kv.Key, kv.Value.Wape)).DefaultIfEmpty(("none", double.MaxValue)).MinBy(e => e.Item2);
            var wins = c < baselineWape;
            return new PromotionDecision(wins, string.Create(ci,
                $"no champion; challenger {challenger} served WAPE {c:0.0000} vs {baseline} {baselineWape:0.0000}: {(wins ? "challenger wins" : "it does not beat the best simple baseline")}"));
        }

        var (d, da) = Served(report, "champion_served", "champion");
        var margin = d > 0 ? (c - d) / d : 0;
        var better = c < d && ca >= da - 0.01;
        var why = c >= d ? "its duration forecast is not better" : ca < da - 0.01 ? "its failure AUC is more than 0.01 lower" : "challenger wins";
        return new PromotionDecision(better, string.Create(ci,
            $"challenger {challenger} served WAPE {c:0.0000} vs champion {championVersion ?? "champion"} {d:0.0000} ({margin * 100:+0.0;-0.0;0.0} %), failure AUC {ca:0.0000} vs {da:0.0000}: {(better ? why : "champion stays, " + why)}"));
    }

    private static (double Wape, double Auc) Served(BacktestReport report, string served, string raw) =>
        (report.Duration.TryGetValue(served, out var d) ? d.Wape : report.Duration[raw].Wape,
         report.Failure.TryGetValue(served, out var f) ? f.Auc : report.Failure[raw].Auc);

    private static string ParsePointer(string text)
    {
        var t = text.Trim();
        if (t.StartsWith('{'))
        {
            using var doc = System.Text.Json.JsonDocument.Parse(t);
            if (doc.RootElement.TryGetProperty("version", out var v) && v.GetString() is { } s)
            {
                return s;
            }
        }

        return t.Trim('"');
    }
}
