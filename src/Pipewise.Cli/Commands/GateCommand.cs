using System.CommandLine;
using System.Globalization;
using System.Text;
using Pipewise.Composition;
using Pipewise.Composition.CommandLine;
using Pipewise.Core.Reporting;
using Pipewise.Core.Assessment;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;

namespace Pipewise.Cli.Commands;

/// <summary><c>pipewise gate</c>: score a pipeline's latest (or a given) stored run and give a verdict, as the gate service does.</summary>
public static class GateCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var pipeline = new Option<string>("--pipeline") { Description = "The pipeline to gate: provider/org/repo/pipeline, e.g. github/octo-org/shop/deploy.yml or azure-devops/contoso/web/42.", Required = true };
        var runId = new Option<string?>("--run-id") { Description = "The run being deployed; default the pipeline's latest stored run." };
        var json = new Option<bool>("--json") { Description = "Print the verdict as JSON (the same document the gate service answers) instead of text." };
        var policy = new PolicyOptionSet();
        var model = new Option<string?>("--model") { Description = "A model folder (model.onnx + manifest.json) to use instead of the store's current model or the shipped default." };
        var command = new Command("gate", "Score a pipeline's latest state and give a verdict (pass | warn | fail) with its reasons; writes step outputs and the summary in GitHub Actions / Azure Pipelines. Exit 1 only for a fail verdict in enforce mode; 3 when Pipewise failed and fail-closed blocks; 2 for bad options.");
        command.Options.Add(store);
        command.Options.Add(pipeline);
        command.Options.Add(runId);
        command.Options.Add(json);
        command.Options.Add(model);
        policy.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            GatePolicyOptions options;
            PipelineKey key;
            try
            {
                options = policy.Build(parse);
                key = PipelineKey.Parse(parse.GetValue(pipeline)!);
            }
            catch (FormatException ex)
            {
                await Console.Error.WriteLineAsync($"pipewise gate: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var notes = new List<string>();
            RunAssessment score;
            try
            {
                var parts = await PipewiseComponents.LoadAsync(new PipewiseSettings { Store = parse.GetValue(store)!, ModelDirectory = parse.GetValue(model) }, TimeProvider.System, ct).ConfigureAwait(false);
                notes.AddRange(parts.Notes);
                var assessor = parts.CreateAssessor(new AssessorOptions());
                score = await assessor.AssessStoredAsync(new StoredRunRequest { Pipeline = key, RunId = parse.GetValue(runId), Source = AssessmentSources.Gate, Policy = options }, ct).ConfigureAwait(false);
            }
            catch (UnknownPipelineException ex)
            {
                score = Internal(key, parse.GetValue(runId), options, "no stored runs of this pipeline", ex.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not ArgumentException)
            {
                score = Internal(key, parse.GetValue(runId), options, "store unavailable", $"The Pipewise store could not be used: {ex.Message}");
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync($"pipewise gate: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            notes.AddRange(score.Notes);
            if (parse.GetValue(json))
            {
                Console.WriteLine(Encoding.UTF8.GetString(AssessmentJson.Json(score)));
            }
            else
            {
                PrintText(score, notes);
            }

            GateOutputs.Publish(score, notes);
            return ExitCodes.For(score.Verdict, options.FailClosed);
        });
        return command;
    }

    private static RunAssessment Internal(PipelineKey key, string? runId, GatePolicyOptions options, string error, string note) => new()
    {
        Pipeline = key,
        RunId = runId,
        Verdict = GatePolicy.Evaluate(new GateInput { InternalError = error }, options),
        Notes = [note],
    };

    private static void PrintText(RunAssessment score, IReadOnlyList<string> notes)
    {
        var v = score.Verdict;
        Console.WriteLine($"Pipewise gate for {score.Pipeline}{(score.RunId is null ? string.Empty : $" run {score.RunId}")}: {v.Outcome}");
        foreach (var r in v.Reasons)
        {
            Console.WriteLine($"  [{r.Severity.ToString().ToLowerInvariant()}] {r.Message}");
        }

        Console.WriteLine($"  model: {v.ModelVersion ?? "none"}");
        if (v.TopFeatures.Count > 0)
        {
            Console.WriteLine("  top features: " + string.Join(", ", v.TopFeatures.Take(5).Select(f => f.Feature + " " + f.Effect.ToString("+0.000;-0.000", CultureInfo.InvariantCulture))));
        }

        if (v.Strategy is { } s)
        {
            Console.WriteLine($"  agent strategy: {s.ToString().ToLowerInvariant()}");
        }

        foreach (var n in notes)
        {
            Console.WriteLine($"  note: {n}");
        }
    }
}
