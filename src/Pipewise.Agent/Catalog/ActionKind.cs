namespace Pipewise.Agent.Catalog;

/// <summary>The kind of an action: a build tuning suggestion or a deployment strategy.</summary>
public enum ActionKind
{
    Tuning,
    Deployment,
}
