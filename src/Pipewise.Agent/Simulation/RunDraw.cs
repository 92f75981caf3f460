namespace Pipewise.Agent.Simulation;

/// <summary>Everything random about one run, drawn once so every configuration meets the same luck.</summary>
public sealed record RunDraw(
    double Noise,
    bool PullRequest,
    bool DocsOnly,
    bool Superseded,
    double SupersededAt,
    bool RealFailure,
    bool Intermittent,
    bool RetrySucceeds,
    bool RerunSucceeds,
    bool Hang,
    bool CacheHit,
    bool Risky,
    bool ForecastWrong,
    bool DeployFails,
    double DeployNoise);
