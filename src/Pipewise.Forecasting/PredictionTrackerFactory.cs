using Pipewise.Core.Forecasting;
using Pipewise.Core.Storage;
using Pipewise.Forecasting.Drift;

namespace Pipewise.Forecasting;

/// <summary>Creates the prediction tracker the CLI uses.</summary>
public static class PredictionTrackerFactory
{
    public static IPredictionTracker Create(IPipewiseStore store) => new PredictionTracker(store);
}
