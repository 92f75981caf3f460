namespace Pipewise.Agent.Simulation;

/// <summary>Statistics of one language subset of a real CI history, the numbers the simulator is calibrated on.</summary>
public sealed record LanguageProfile(
    string Language,
    int Builds,
    int Projects,
    double MedianJobSeconds,
    double JobLogSigma,
    double TestShare,
    double SetupShare,
    double FailedRate,
    double ErroredRate,
    double CanceledRate,
    double PullRequestShare,
    double MedianJobs,
    double MedianTests);
