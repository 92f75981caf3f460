using System.Globalization;
using System.Text.Json;
using Pipewise.Core.Agent;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Gate;

namespace Pipewise.Core.Hosting;

/// <summary>
/// The outputs both hosts publish for later steps (GitHub step outputs, Azure Pipelines output variables).
/// Names and formats are a contract: risk, verdict, expected-duration, anomaly, strategy, suggestions, model-version.
/// </summary>
public static class RunOutputs
{
    public static IReadOnlyList<KeyValuePair<string, string>> From(RunOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return Build(outcome.Forecast, outcome.AnomalyZ, outcome.Decision, outcome.Verdict);
    }

    /// <summary>
    /// The outputs when the run could not be collected: every name present; risk, expected-duration, anomaly and
    /// model-version empty; suggestions the empty array <c>[]</c>; verdict the fail-open verdict (<c>warn</c>, or
    /// <c>fail</c> when fail-closed is set); strategy <c>proceed</c>, as whenever the agent made no decision.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ForFailure(GateVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return Build(null, null, null, verdict);
    }

    private static IReadOnlyList<KeyValuePair<string, string>> Build(Forecast? forecast, double? anomaly, AgentDecision? decision, GateVerdict verdict) =>
    [
        new("risk", forecast is { } f ? f.FailureProbability.ToString("0.000", CultureInfo.InvariantCulture) : string.Empty),
        new("verdict", verdict.Verdict.ToString().ToLowerInvariant()),
        new("expected-duration", forecast is { } g ? Math.Round(g.DurationP50Seconds).ToString(CultureInfo.InvariantCulture) : string.Empty),
        new("anomaly", anomaly is { } z ? z.ToString("0.00", CultureInfo.InvariantCulture) : string.Empty),
        new("strategy", (decision?.Strategy ?? verdict.Strategy)?.ToString().ToLowerInvariant() ?? "proceed"),
        new("suggestions", SuggestionsJson(decision?.Suggestions ?? [])),
        new("model-version", forecast?.ModelVersion ?? string.Empty),
    ];

    private static string SuggestionsJson(IReadOnlyList<Suggestion> suggestions)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartArray();
            foreach (var s in suggestions)
            {
                writer.WriteStartObject();
                writer.WriteString("id", s.ActionId);
                writer.WriteString("title", s.Title);
                writer.WriteString("evidence", s.Evidence);
                if (s.ExpectedSavingSeconds is { } saving)
                {
                    writer.WriteNumber("expectedSavingSeconds", Math.Round(saving, 1));
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
