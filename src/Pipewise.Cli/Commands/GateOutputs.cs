using System.Globalization;
using System.Text;
using System.Text.Json;
using Pipewise.AzureDevOps.Pipelines;
using Pipewise.Core.Assessment;
using Pipewise.Core.Gate;
using Pipewise.Core.Reporting;
using Pipewise.GitHub.Runner;

namespace Pipewise.Cli.Commands;

/// <summary>What <c>pipewise gate</c> publishes for later steps: outputs and the step/build summary, on either CI host.</summary>
public static class GateOutputs
{
    /// <summary>The gate's outputs: verdict, blocks, would-block, mode, risk, model-version, reasons (JSON).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Outputs(RunAssessment score)
    {
        var v = score.Verdict;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartArray();
            foreach (var r in v.Reasons)
            {
                w.WriteStartObject();
                w.WriteString("code", r.Code);
                w.WriteString("severity", r.Severity.ToString().ToLowerInvariant());
                w.WriteNumber("measured", Math.Round(r.Measured, 4));
                w.WriteNumber("threshold", Math.Round(r.Threshold, 4));
                w.WriteString("message", r.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return
        [
            new("verdict", v.Verdict.ToString().ToLowerInvariant()),
            new("blocks", v.Blocks ? "true" : "false"),
            new("would-block", v.WouldBlockInEnforce ? "true" : "false"),
            new("mode", GatePolicyFile.ModeName(v.Mode)),
            new("risk", score.Forecast is { } f ? f.FailureProbability.ToString("0.000", CultureInfo.InvariantCulture) : string.Empty),
            new("model-version", v.ModelVersion ?? string.Empty),
            new("reasons", Encoding.UTF8.GetString(stream.ToArray())),
        ];
    }

    public static void Publish(RunAssessment score, IReadOnlyList<string> notes)
    {
        try
        {
            var outputs = Outputs(score);
            if (Environment.GetEnvironmentVariable("GITHUB_ACTIONS") == "true")
            {
                if (Environment.GetEnvironmentVariable("GITHUB_OUTPUT") is { Length: > 0 } outputFile)
                {
                    EnvironmentFiles.AppendOutputs(outputFile, outputs);
                }

                if (Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY") is { Length: > 0 } summaryFile)
                {
                    EnvironmentFiles.AppendStepSummary(summaryFile, VerdictMarkdown.GateSummary(score, notes));
                }

                if (score.Verdict.Reasons.FirstOrDefault(r => r.Code == ReasonCodes.PipewiseError) is { } failed)
                {
                    // A Pipewise failure is visible on the runner, also when it fails open as a pass.
                    new WorkflowCommands(Console.Out).Warning(failed.Message, "Pipewise gate: " + score.Verdict.Outcome);
                }
            }
            else if (string.Equals(Environment.GetEnvironmentVariable("TF_BUILD"), "True", StringComparison.OrdinalIgnoreCase))
            {
                var commands = new LoggingCommands(Console.Out);
                foreach (var (name, value) in outputs)
                {
                    commands.SetOutputVariable(name, value);
                }

                var folder = Environment.GetEnvironmentVariable("AGENT_TEMPDIRECTORY") is { Length: > 0 } temp ? temp : Path.GetTempPath();
                var summary = Path.Combine(folder, $"pipewise-gate-{Guid.NewGuid():N}.md");
                File.WriteAllText(summary, VerdictMarkdown.GateSummary(score, notes), new UTF8Encoding(false));
                commands.Command("task.uploadsummary", null, summary);
                if (score.Verdict.Verdict != Verdict.Pass || ReasonCodes.HasPipewiseError(score.Verdict))
                {
                    var reason = score.Verdict.Reasons.FirstOrDefault(r => r.Code == ReasonCodes.PipewiseError) ?? score.Verdict.Reasons[0];
                    commands.LogIssue(score.Verdict.Blocks, $"Pipewise gate: {score.Verdict.Outcome}: {reason.Message}");
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Publishing is best effort: a read-only summary file must not fail the customer's pipeline.
            Console.Error.WriteLine($"pipewise gate: could not write outputs: {ex.Message}");
        }
    }
}
