using Pipewise.Forecasting.Features;

namespace Pipewise.Forecasting.Model;

/// <summary>A trained network with the normalisation it expects.</summary>
public sealed record TrainedModel(BiLstmNetwork Network, Normalization Normalization, int History, IReadOnlyList<EpochReport> Epochs);
