using System.Globalization;
using System.Text.Json;

namespace Pipewise.Core.Hosting;

/// <summary>
/// The outputs both hosts publish for later steps (GitHub step outputs, Azure Pipelines output variables).
/// Names and formats are a contract: risk, verdict, expected-duration, anomaly, strategy, suggestions.
/// </summary>
public static class RunOutputs
{
    public static IReadOnlyList<KeyValuePair<string, string>> From(RunOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var suggestions = outcome.Decision?.Suggestions ?? [];
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

        return
        [
            new("risk", outcome.Forecast is { } f ? f.FailureProbability.ToString("0.000", CultureInfo.InvariantCulture) : string.Empty),
            new("verdict", outcome.Verdict.Verdict.ToString().ToLowerInvariant()),
            new("expected-duration", outcome.Forecast is { } g ? Math.Round(g.DurationP50Seconds).ToString(CultureInfo.InvariantCulture) : string.Empty),
            new("anomaly", outcome.AnomalyZ is { } z ? z.ToString("0.00", CultureInfo.InvariantCulture) : string.Empty),
            new("strategy", (outcome.Decision?.Strategy ?? outcome.Verdict.Strategy)?.ToString().ToLowerInvariant() ?? "proceed"),
            new("suggestions", System.Text.Encoding.UTF8.GetString(stream.ToArray())),
            new("model-version", outcome.Forecast?.ModelVersion ?? string.Empty),
        ];
    }
}
