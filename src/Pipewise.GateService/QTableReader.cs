using System.Text.Json;

namespace Pipewise.GateService;

/// <summary>The agent's best action in one state, read from a Q-table document.</summary>
public sealed record AgentPolicyRow(string Scope, string State, string BestAction, double Q, int Actions);

/// <summary>
/// Reads the agent's Q-table documents (<c>agents/*.json</c>) tolerantly: the agent owns the format, so this looks
/// for the shapes a Q-table takes — <c>{state: {action: q}}</c> (possibly under a property such as <c>q</c>,
/// <c>qTable</c>, <c>states</c>, or with each state holding <c>{q|values|actions: {action: q}}</c>), or a list of
/// <c>{state, action, q|value}</c> entries — and reports the best action per state. Anything else yields no rows.
/// </summary>
public static class QTableReader
{
    public static IReadOnlyList<AgentPolicyRow> Read(string scope, ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
            var table = Find(document.RootElement, 0);
            return table is null
                ? []
                : [.. table.Select(kv => (kv.Key, Best: kv.Value.MaxBy(a => a.Value), kv.Value.Count))
                    .Where(x => x.Count > 0)
                    .OrderBy(x => x.Key, StringComparer.Ordinal)
                    .Select(x => new AgentPolicyRow(scope, x.Key, x.Best.Key, x.Best.Value, x.Count))];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static Dictionary<string, Dictionary<string, double>>? Find(JsonElement element, int depth)
    {
        if (depth > 6)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.Array && FromEntries(element) is { Count: > 0 } entries)
        {
            return entries;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (AsStateTable(element) is { Count: > 0 } table)
        {
            return table;
        }

        // Prefer likely names, then anything else.
        string[] preferred = ["q", "qTable", "qtable", "QTable", "table", "states", "values", "entries", "rows"];
        foreach (var name in preferred)
        {
            if (element.TryGetProperty(name, out var child) && Find(child, depth + 1) is { Count: > 0 } found)
            {
                return found;
            }
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!preferred.Contains(property.Name) && property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array
                && Find(property.Value, depth + 1) is { Count: > 0 } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>{state: {action: number}} or {state: {q: {action: number}, ...}}.</summary>
    private static Dictionary<string, Dictionary<string, double>>? AsStateTable(JsonElement element)
    {
        var result = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        foreach (var state in element.EnumerateObject())
        {
            if (state.Value.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var actions = Numbers(state.Value);
            if (actions is null)
            {
                foreach (var name in new[] { "q", "values", "actions", "qValues" })
                {
                    if (state.Value.TryGetProperty(name, out var inner) && inner.ValueKind == JsonValueKind.Object && Numbers(inner) is { } n)
                    {
                        actions = n;
                        break;
                    }
                }
            }

            if (actions is null)
            {
                return null;
            }

            result[state.Name] = actions;
        }

        return result;
    }

    private static Dictionary<string, double>? Numbers(JsonElement element)
    {
        // action → number, or action → {q|value: number, ...} (e.g. the SARSA agent's {"q": 0.4, "n": 3}).
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var p in element.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDouble(out var d))
            {
                result[p.Name] = d;
            }
            else if (p.Value.ValueKind == JsonValueKind.Object && TryNumber(p.Value, out var q, "q", "Q", "value", "qValue"))
            {
                result[p.Name] = q;
            }
            else
            {
                return null;
            }
        }

        return result.Count > 0 ? result : null;
    }

    /// <summary>[{state, action, q|value|qValue}].</summary>
    private static Dictionary<string, Dictionary<string, double>>? FromEntries(JsonElement array)
    {
        var result = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !TryString(item, out var state, "state", "s")
                || !TryString(item, out var action, "action", "a", "actionId")
                || !TryNumber(item, out var q, "q", "value", "qValue"))
            {
                return null;
            }

            if (!result.TryGetValue(state, out var actions))
            {
                result[state] = actions = new Dictionary<string, double>(StringComparer.Ordinal);
            }

            actions[action] = q;
        }

        return result;
    }

    private static bool TryString(JsonElement item, out string value, params string[] names)
    {
        foreach (var n in names)
        {
            if (item.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String)
            {
                value = v.GetString()!;
                return true;
            }
        }

        value = string.Empty;
        return false;
    }

    private static bool TryNumber(JsonElement item, out double value, params string[] names)
    {
        foreach (var n in names)
        {
            if (item.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out value))
            {
                return true;
            }
        }

        value = 0;
        return false;
    }
}
