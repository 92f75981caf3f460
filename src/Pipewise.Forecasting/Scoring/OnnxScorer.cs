using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Pipewise.Forecasting.Features;
using Pipewise.Forecasting.Onnx;

namespace Pipewise.Forecasting.Scoring;

/// <summary>
/// A verified model (manifest + model.onnx) with one cached ONNX Runtime session. Thread-safe: ONNX Runtime
/// sessions may be run concurrently.
/// </summary>
public sealed class OnnxScorer : IDisposable
{
    private readonly InferenceSession session;

    private OnnxScorer(ModelManifest manifest, InferenceSession session)
    {
        Manifest = manifest;
        this.session = session;
        Steps = manifest.History + 1;
    }

    public ModelManifest Manifest { get; }

    public int Steps { get; }

    public int WindowSize => Steps * FeatureSchema.Count;

    /// <summary>
    /// Verifies and loads a model: the manifest's feature schema must be this build's, and model.onnx must match the
    /// manifest's SHA-256. Otherwise <see cref="ModelRejectedException"/> says what is wrong.
    /// </summary>
    public static OnnxScorer Load(byte[] manifestJson, byte[] model, string source)
    {
        ArgumentNullException.ThrowIfNull(manifestJson);
        ArgumentNullException.ThrowIfNull(model);
        var manifest = ModelManifest.Parse(manifestJson, source);
        if (manifest.FeatureSchema != FeatureSchema.Version)
        {
            throw new ModelRejectedException($"{source}: the model was trained on feature schema '{manifest.FeatureSchema}', but this Pipewise builds '{FeatureSchema.Version}'. Retrain the model (pipewise train).");
        }

        if (manifest.Features != FeatureSchema.Count || manifest.NormalizationMean.Length != FeatureSchema.Count || manifest.NormalizationStd.Length != FeatureSchema.Count)
        {
            throw new ModelRejectedException($"{source}: manifest.json describes {manifest.Features} features with {manifest.NormalizationMean.Length} normalisation means; expected {FeatureSchema.Count}.");
        }

        if (manifest.History < 1 || manifest.NormalizationStd.Any(s => !(s > 0)))
        {
            throw new ModelRejectedException($"{source}: manifest.json has history {manifest.History} or a non-positive normalisation std; expected history ≥ 1 and std > 0.");
        }

        var sha = ModelManifest.Sha256(model);
        if (!string.Equals(sha, manifest.ModelSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelRejectedException($"{source}: model.onnx has SHA-256 {sha}, but manifest.json expects {manifest.ModelSha256}; the file is corrupt or was replaced.");
        }

        try
        {
            OnnxRuntimeStartup.EnsureEnvironment();
            // Warnings about the graph (e.g. an initializer kept for multi-layer models) must not reach the pipeline log.
            using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
            return new OnnxScorer(manifest, new InferenceSession(model, options));
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelRejectedException($"{source}: ONNX Runtime cannot load model.onnx: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
        {
            throw new ModelRejectedException($"{source}: ONNX Runtime is not available on this machine ({ex.GetType().Name}: {ex.Message}).", ex);
        }
    }

    /// <summary>Loads from a folder holding model.onnx and manifest.json.</summary>
    public static OnnxScorer LoadDirectory(string directory)
    {
        var manifest = Path.Combine(directory, "manifest.json");
        var model = Path.Combine(directory, "model.onnx");
        if (!File.Exists(manifest) || !File.Exists(model))
        {
            throw new ModelRejectedException($"{directory}: expected model.onnx and manifest.json in this folder.");
        }

        return Load(File.ReadAllBytes(manifest), File.ReadAllBytes(model), directory);
    }

    /// <summary>Scores <paramref name="count"/> normalised windows laid out one after another, with their anchors.</summary>
    public WindowScore[] Score(ReadOnlyMemory<float> windows, ReadOnlyMemory<WindowAnchors> anchors, int count)
    {
        if (count == 0)
        {
            return [];
        }

        var input = new DenseTensor<float>(windows[..(count * WindowSize)].ToArray(), [count, Steps, FeatureSchema.Count]);
        var centers = new float[count];
        var bases = new float[count];
        var a = anchors.Span;
        for (var i = 0; i < count; i++)
        {
            centers[i] = a[i].Center;
            bases[i] = a[i].FailureLogit;
        }

        var center = new DenseTensor<float>(centers, [count, 1]);
        var failureBase = new DenseTensor<float>(bases, [count, 1]);
        using var results = session.Run(
        [
            NamedOnnxValue.CreateFromTensor(OnnxExporter.InputName, input),
            NamedOnnxValue.CreateFromTensor(OnnxExporter.CenterName, center),
            NamedOnnxValue.CreateFromTensor(OnnxExporter.FailureBaseName, failureBase),
        ]);
        float[] p50 = [], p90 = [], fail = [];
        foreach (var r in results)
        {
            var values = r.AsEnumerable<float>().ToArray();
            switch (r.Name)
            {
                case OnnxExporter.P50Name: p50 = values; break;
                case OnnxExporter.P90Name: p90 = values; break;
                case OnnxExporter.FailureName: fail = values; break;
                default: break;
            }
        }

        var scores = new WindowScore[count];
        for (var i = 0; i < count; i++)
        {
            scores[i] = new WindowScore(p50[i], p90[i], fail[i]);
        }

        return scores;
    }

    /// <summary>Scores one normalised window.</summary>
    public WindowScore ScoreOne(float[] window, WindowAnchors anchors) => Score(window, new[] { anchors }, 1)[0];

    public void Dispose() => session.Dispose();
}
