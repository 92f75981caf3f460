using Pipewise.Forecasting.Scoring;

namespace Pipewise.Forecasting.Registry;

/// <summary>One registered model version.</summary>
public sealed record ModelVersionInfo(string Version, ModelManifest? Manifest, bool IsCurrent, string? Problem);
