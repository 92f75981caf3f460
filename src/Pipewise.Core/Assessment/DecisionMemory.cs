using System.Collections.Concurrent;
using Pipewise.Core.Agent;
using Pipewise.Core.Runs;

namespace Pipewise.Core.Assessment;

/// <summary>The agent's decisions per run key, bounded, so that a gate sampled repeatedly steps the agent once per run.</summary>
internal sealed class DecisionMemory(int capacity)
{
    private readonly ConcurrentDictionary<RunKey, AgentDecision> decisions = new();

    public bool TryGet(RunKey key, out AgentDecision decision) => decisions.TryGetValue(key, out decision!);

    public void Remember(RunKey key, AgentDecision decision)
    {
        if (decisions.Count >= capacity)
        {
            decisions.Clear();
        }

        decisions[key] = decision;
    }
}
