namespace Pipewise.Dashboard.Pipeline;

/// <summary>The forecast shown for one run: recorded when the run was scored, or computed later from the runs before it.</summary>
public sealed record ShownForecast(double P50Seconds, double P90Seconds, double FailureProbability, string Model, bool Recorded);
