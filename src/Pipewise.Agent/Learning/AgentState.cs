namespace Pipewise.Agent.Learning;

/// <summary>The discretised state (documented in docs/agent.md). <see cref="Key"/> is the Q-table row.</summary>
public sealed record AgentState(string Trend, string Anomaly, string Risk, string Queue, string Cache, string Tests, string Parallelism, string Event)
{
    public string Key => $"trend={Trend}|anomaly={Anomaly}|risk={Risk}|queue={Queue}|cache={Cache}|tests={Tests}|par={Parallelism}|event={Event}";

    /// <summary>
    /// The part of a state key that unseen rows borrow values from: the configuration (cache, tests, parallelism) for
    /// tuning actions, the risk and anomaly for deployment strategies.
    /// </summary>
    public static string CoarseOf(string key, bool deployment)
    {
        ArgumentNullException.ThrowIfNull(key);
        string[] wanted = deployment ? ["risk=", "anomaly="] : ["cache=", "tests=", "par="];
        return string.Join('|', key.Split('|').Where(p => wanted.Any(w => p.StartsWith(w, StringComparison.Ordinal))));
    }
}
