namespace Pipewise.Agent;

/// <summary>Settings of the SARSA agent (defaults documented in docs/agent.md).</summary>
public sealed record AgentOptions
{
    public AgentScopeKind Scope { get; init; } = AgentScopeKind.Pipeline;

    /// <summary>Learning rate α.</summary>
    public double Alpha { get; init; } = 0.3;

    /// <summary>Discount γ.</summary>
    public double Gamma { get; init; } = 0.5;

    /// <summary>ε at the first step of a Q-table.</summary>
    public double EpsilonStart { get; init; } = 0.1;

    /// <summary>ε is multiplied by this after every step of the table.</summary>
    public double EpsilonDecay { get; init; } = 0.95;

    public double EpsilonMin { get; init; } = 0.01;

    /// <summary>Seed of the random source; null uses a random seed.</summary>
    public int? Seed { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The initial value of an untried, triggered tuning action (optimism makes each one tried once).</summary>
    public double TriggeredPrior { get; init; } = 0.3;

    /// <summary>The initial value of canary and blue-green: below proceed, so they are chosen once proceed has failed in a state.</summary>
    public double StricterDeploymentPrior { get; init; } = -0.3;

    /// <summary>How many times a read-modify-write is retried on an ETag conflict.</summary>
    public int MaxWriteAttempts { get; init; } = 200;

    public double Epsilon(long step) => Math.Max(EpsilonMin, EpsilonStart * Math.Pow(EpsilonDecay, step));

    public void Validate()
    {
        if (Alpha is <= 0 or > 1 || Gamma is < 0 or >= 1 || EpsilonStart is < 0 or > 1 || EpsilonDecay is <= 0 or > 1 || EpsilonMin is < 0 or > 1)
        {
            throw new ArgumentException($"Agent options out of range: α={Alpha} must be in (0,1], γ={Gamma} in [0,1), ε start {EpsilonStart}, decay {EpsilonDecay}, min {EpsilonMin} in [0,1] (decay > 0).");
        }
    }
}
