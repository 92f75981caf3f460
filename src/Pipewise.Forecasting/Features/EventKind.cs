namespace Pipewise.Forecasting.Features;

/// <summary>Event kinds the feature schema distinguishes.</summary>
public enum EventKind : byte
{
    Push = 0,
    PullRequest = 1,
    Other = 2,
}
