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
    /// A challenger wins when it beats the champion on duration WAPE and failure AUC together ((1 − WAPE) + AUC)
    /// without losing more than 0.01 on either, and also beats the best simple duration baseline.
    /// </summary>
    public static PromotionDecision Decide(BacktestReport report, string challenger = "bilstm", string champion = "champion")
    {
        ArgumentNullException.ThrowIfNull(report);
        var c = report.Duration[challenger];
        var ca = report.Failure[challenger].Auc;
        var bestBaseline = report.Duration.Where(kv => kv.Key is "last" or "median5" or "ewma").Select(kv => kv.Value.Wape).DefaultIfEmpty(double.MaxValue).Min();
        if (!(c.Wape < bestBaseline))
        {
            return new PromotionDecision(false, string.Create(CultureInfo.InvariantCulture, $"challenger WAPE {c.Wape:0.0000} does not beat the best simple baseline ({bestBaseline:0.0000})"));
        }

        if (!report.Duration.TryGetValue(champion, out var d))
        {
            return new PromotionDecision(true, string.Create(CultureInfo.InvariantCulture, $"no champion; challenger WAPE {c.Wape:0.0000} beats the baselines"));
        }

        var da = report.Failure[champion].Auc;
        var better = ((1 - c.Wape) + ca) > ((1 - d.Wape) + da) && c.Wape <= d.Wape + 0.01 && ca >= da - 0.01;
        return new PromotionDecision(better, string.Create(CultureInfo.InvariantCulture,
            $"challenger WAPE {c.Wape:0.0000} AUC {ca:0.0000} vs champion WAPE {d.Wape:0.0000} AUC {da:0.0000}: {(better ? "challenger wins" : "champion stays")}"));
    }

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
