namespace Pipewise.Core.Agent;

/// <summary>How a deployment should roll out.</summary>
public enum DeploymentStrategy
{
    Proceed,
    Canary,
    BlueGreen,
    Hold,
}
