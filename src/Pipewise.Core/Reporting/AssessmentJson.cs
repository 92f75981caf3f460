using System.Text.Json;
using Pipewise.Core.Assessment;
using Pipewise.Core.Gate;

namespace Pipewise.Core.Reporting;

/// <summary>The JSON of an assessment: what the gate endpoints answer and <c>pipewise gate --json</c> prints (a contract).</summary>
public static class AssessmentJson
{
    /// <summary>
    /// Writes a scored verdict. Fields meant for Azure DevOps success criteria: <c>verdict</c> (pass|warn|fail),
    /// <c>allow</c> (false only when the verdict blocks: enforce + fail), <c>blocks</c>, <c>wouldBlockInEnforce</c>.
    /// </summary>
    public static byte[] Json(RunAssessment score, string? review = null)
    {
        ArgumentNullException.ThrowIfNull(score);
        var v = score.Verdict;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("verdict", Lower(v.Verdict));
            w.WriteBoolean("allow", !v.Blocks);
            w.WriteBoolean("blocks", v.Blocks);
            w.WriteBoolean("wouldBlockInEnforce", v.WouldBlockInEnforce);
            w.WriteString("mode", GatePolicyFile.ModeName(v.Mode));
            w.WriteString("outcome", v.Outcome);
            w.WriteString("pipeline", score.Pipeline.ToString());
            if (score.RunId is not null)
            {
                w.WriteString("runId", score.RunId);
                w.WriteNumber("attempt", score.Attempt);
            }

            w.WriteBoolean("runStored", score.Run is not null);
            if (review is not null)
            {
                w.WriteString("review", review);
            }

            WriteNullable(w, "modelVersion", v.ModelVersion);
            if (score.Forecast is { } f)
            {
                w.WriteNumber("failureProbability", Math.Round(f.FailureProbability, 4));
                w.WriteNumber("expectedDurationSeconds", Math.Round(f.DurationP50Seconds, 1));
                w.WriteNumber("expectedDurationP90Seconds", Math.Round(f.DurationP90Seconds, 1));
                if (f.Predictor is not null)
                {
                    w.WriteString("durationPredictor", f.Predictor);
                    WriteNullable(w, "durationPredictorReason", f.PredictorReason);
                }
            }

            if (score.AnomalyZ is { } z)
            {
                w.WriteNumber("anomalyZ", Math.Round(z, 3));
            }

            WriteNullable(w, "strategy", v.Strategy?.ToString().ToLowerInvariant());
            w.WriteStartArray("reasons");
            foreach (var r in v.Reasons)
            {
                w.WriteStartObject();
                w.WriteString("code", r.Code);
                w.WriteString("severity", Lower(r.Severity));
                w.WriteNumber("measured", Math.Round(r.Measured, 4));
                w.WriteNumber("threshold", Math.Round(r.Threshold, 4));
                w.WriteString("message", r.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("topFeatures");
            foreach (var t in v.TopFeatures)
            {
                w.WriteStartObject();
                w.WriteString("feature", t.Feature);
                WriteNullable(w, "description", t.Description);
                w.WriteNumber("value", Math.Round(t.Value, 4));
                w.WriteNumber("effect", Math.Round(t.Effect, 4));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("notes");
            foreach (var n in score.Notes)
            {
                w.WriteStringValue(n);
            }

            w.WriteEndArray();
            w.WriteNumber("historyRuns", score.History.Count);
            w.WriteNumber("scoringMs", Math.Round(score.Elapsed.TotalMilliseconds, 2));
            w.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>A JSON error body <c>{"error": message}</c>.</summary>
    public static byte[] Error(string message)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("error", message);
            w.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static string Lower(Verdict v) => v.ToString().ToLowerInvariant();
}
