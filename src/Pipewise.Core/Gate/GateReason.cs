namespace Pipewise.Core.Gate;

/// <summary>One reason for a verdict: a measured value against its threshold.</summary>
public sealed record GateReason(string Code, Verdict Severity, double Measured, double Threshold, string Message);
