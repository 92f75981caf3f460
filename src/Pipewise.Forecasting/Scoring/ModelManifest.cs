using System.Security.Cryptography;
using System.Text.Json;
using Pipewise.Forecasting.Features;

namespace Pipewise.Forecasting.Scoring;

/// <summary>manifest.json of a model version: what the model expects and how good it was.</summary>
public sealed record ModelManifest
{
    public const string DefaultName = "bilstm";

    public string Name { get; init; } = DefaultName;
    public required string Version { get; init; }
    public required string FeatureSchema { get; init; }
    public required int History { get; init; }
    public required int Features { get; init; }
    public IReadOnlyList<string> FeatureNames { get; init; } = [];
    public required float[] NormalizationMean { get; init; }
    public required float[] NormalizationStd { get; init; }
    public int HiddenSize { get; init; }
    public int Layers { get; init; }
    public int HeadHidden { get; init; }
    public required string ModelSha256 { get; init; }
    public TrainingSpan? Training { get; init; }

    /// <summary>Platt scaling of the failure head, fitted on the validation part; identity when absent.</summary>
    public Serving.FailureCalibration? FailureCalibration { get; init; }

    /// <summary>The calibration to apply: <see cref="FailureCalibration"/>, or identity for a manifest without one.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Serving.FailureCalibration Calibration => FailureCalibration ?? Serving.FailureCalibration.Identity;

    /// <summary>Metrics on the chronological test part: e.g. <c>duration_wape.bilstm</c>, <c>failure_auc.rate10</c>.</summary>
    public Dictionary<string, double> Metrics { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    public Normalization Normalization => new(NormalizationMean, NormalizationStd);

    public string ModelVersion => $"{Name}@{Version}";

    public static string Sha256(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, ForecastingJsonContext.Default.ModelManifest);

    /// <summary>Parses a manifest; a clear error names the file and what is wrong.</summary>
    public static ModelManifest Parse(ReadOnlySpan<byte> json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize(json, ForecastingJsonContext.Default.ModelManifest)
                ?? throw new ModelRejectedException($"{source}: manifest.json is empty (expected a JSON object).");
        }
        catch (JsonException ex)
        {
            throw new ModelRejectedException($"{source}: manifest.json is not a valid manifest at {ex.Path}: {ex.Message}", ex);
        }
    }
}
