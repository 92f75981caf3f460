namespace Pipewise.Agent.Insights;

/// <summary>A discretised state key (<c>trend=…|anomaly=…|risk=…|…|event=…</c>, docs/agent.md) in words.</summary>
public static class StateWords
{
    /// <summary>E.g. "On pull requests with high failure risk, an unusual duration and durations rising".</summary>
    public static string Describe(string stateKey)
    {
        ArgumentNullException.ThrowIfNull(stateKey);
        var parts = stateKey.Split('|')
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);
        string? Get(string name) => parts.GetValueOrDefault(name);

        var subject = Get("event") switch
        {
            "pr" => "On pull requests",
            "push" => "On pushes",
            "schedule" => "On scheduled runs",
            "other" => "On other runs",
            _ => "On any run",
        };
        var facts = new List<string>();
        if (Get("risk") is { } risk)
        {
            facts.Add(risk switch
            {
                "low" => "low failure risk",
                "mid" => "moderate failure risk",
                "high" => "high failure risk",
                _ => "failure risk " + risk,
            });
        }

        if (Get("anomaly") == "high")
        {
            facts.Add("an unusual duration");
        }

        switch (Get("trend"))
        {
            case "up":
                facts.Add("durations rising");
                break;
            case "down":
                facts.Add("durations falling");
                break;
        }

        if (Get("queue") is "mid" or "high")
        {
            facts.Add(Get("queue") == "high" ? "long queue times" : "some queueing");
        }

        if (Get("cache") == "off")
        {
            facts.Add("no dependency cache");
        }

        if (Get("tests") is "mid" or "high")
        {
            facts.Add("tests taking " + (Get("tests") == "high" ? "most" : "a large share") + " of the run");
        }

        if (Get("par") is { } par && par != "1")
        {
            facts.Add(par + " test jobs");
        }

        return facts.Count switch
        {
            0 => subject,
            1 => subject + " with " + facts[0],
            _ => subject + " with " + string.Join(", ", facts.Take(facts.Count - 1)) + " and " + facts[^1],
        };
    }
}
