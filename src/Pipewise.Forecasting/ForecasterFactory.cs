using Pipewise.Core.Forecasting;
using Pipewise.Core.Storage;
using Pipewise.Forecasting.Registry;
using Pipewise.Forecasting.Scoring;

namespace Pipewise.Forecasting;

/// <summary>Finds the model to use: the store's current version, else a folder, else the shipped models/default.</summary>
public static class ForecasterFactory
{
    public static Task<IForecaster?> CreateAsync(IPipewiseStore store, string? modelDirectory, CancellationToken ct) =>
        CreateAsync(store, modelDirectory, null, ct);

    /// <summary>
    /// As <see cref="CreateAsync(IPipewiseStore, string?, CancellationToken)"/>, reporting each rejected model and the
    /// fallback taken through <paramref name="log"/>. Returns null when no usable model exists (never throws for a
    /// bad model: a bad model must not fail a customer pipeline).
    /// </summary>
    public static async Task<IForecaster?> CreateAsync(IPipewiseStore store, string? modelDirectory, Action<string>? log, CancellationToken ct)
    {
        var scorer = await LoadScorerAsync(store, modelDirectory, log, ct).ConfigureAwait(false);
        return scorer is null ? null : new OnnxForecaster(scorer);
    }

    public static async Task<OnnxScorer?> LoadScorerAsync(IPipewiseStore? store, string? modelDirectory, Action<string>? log, CancellationToken ct)
    {
        if (store is not null)
        {
            try
            {
                var fromStore = await new ModelRegistry(store).LoadCurrentAsync(log, ct).ConfigureAwait(false);
                if (fromStore is not null)
                {
                    return fromStore;
                }
            }
            catch (Exception ex) when (ex is StoreUnavailableException or CorruptStoreItemException or IOException or UnauthorizedAccessException)
            {
                log?.Invoke($"Pipewise: could not read the model registry in {store.Description}: {ex.Message}; using a local model.");
            }
        }

        foreach (var dir in Candidates(modelDirectory))
        {
            try
            {
                return OnnxScorer.LoadDirectory(dir);
            }
            catch (ModelRejectedException ex)
            {
                log?.Invoke($"Pipewise: model refused: {ex.Message}");
            }
        }

        return null;
    }

    /// <summary>The shipped default model folder, if it can be found.</summary>
    public static string? FindDefaultModelDirectory()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            var direct = Path.Combine(start, "models", "default");
            if (File.Exists(Path.Combine(direct, "manifest.json")))
            {
                return direct;
            }

            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "models", "default");
                if (File.Exists(Path.Combine(candidate, "manifest.json")) && File.Exists(Path.Combine(dir.FullName, "Extension.sln")))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static IEnumerable<string> Candidates(string? modelDirectory)
    {
        if (!string.IsNullOrEmpty(modelDirectory))
        {
            yield return modelDirectory;
        }

        if (FindDefaultModelDirectory() is { } d && !string.Equals(d, modelDirectory, StringComparison.Ordinal))
        {
            yield return d;
        }
    }
}
