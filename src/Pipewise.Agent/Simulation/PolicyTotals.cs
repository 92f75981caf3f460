namespace Pipewise.Agent.Simulation;

/// <summary>Totals of one policy over a simulated history.</summary>
public sealed record PolicyTotals(double BuildSeconds, double DeploySeconds, int Failures, string Configuration)
{
    public double TotalSeconds => BuildSeconds + DeploySeconds;
}
