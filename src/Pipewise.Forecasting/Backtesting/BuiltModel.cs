using Pipewise.Forecasting.Model;
using Pipewise.Forecasting.Scoring;

namespace Pipewise.Forecasting.Backtesting;

/// <summary>A trained and exported model with its manifest.</summary>
public sealed record BuiltModel(TrainedModel Trained, byte[] Onnx, ModelManifest Manifest);
