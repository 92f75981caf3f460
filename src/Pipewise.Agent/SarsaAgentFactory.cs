using Pipewise.Core.Agent;
using Pipewise.Core.Storage;

namespace Pipewise.Agent;

/// <summary>Creates the agent the CLI and the gate service use.</summary>
public static class SarsaAgentFactory
{
    public static ITuningAgent Create(IPipewiseStore store, AgentOptions options) => new SarsaAgent(store, options);
}
