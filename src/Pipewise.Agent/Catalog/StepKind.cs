namespace Pipewise.Agent.Catalog;

/// <summary>What a step or job name says it does.</summary>
public enum StepKind
{
    Other,
    Checkout,
    Cache,
    Dependencies,
    Build,
    Test,
    Deploy,
}
