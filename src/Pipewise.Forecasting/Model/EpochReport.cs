namespace Pipewise.Forecasting.Model;

/// <summary>What happened in one epoch.</summary>
public sealed record EpochReport(int Epoch, int Epochs, double TrainLoss, double ValidationLoss, double ValidationWape, double ValidationAuc, TimeSpan Elapsed, TimeSpan Remaining, bool Improved);
