using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Pipewise.Agent;
using Pipewise.AzureDevOps.Pipelines;
using Pipewise.Core.Agent;
using Pipewise.Core.Assessment;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Gate;
using Pipewise.Core.Reporting;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;
using Pipewise.Forecasting;
using Pipewise.GateService;
using Pipewise.GitHub.Runner;

namespace Pipewise.Cli.Commands;

/// <summary>
/// <c>pipewise gate</c> (score a pipeline's latest state and give a verdict), <c>pipewise serve</c> (the gate service)
/// and <c>pipewise report</c> (the dashboard as one HTML file).
/// </summary>
public static class GateCommands
{
    public static IEnumerable<Command> Create() => [CreateGate(), CreateServe(), CreateReport()];

    /// <summary>The gate policy options shared by gate and serve.</summary>
    private sealed class PolicyOptions
    {
        public Option<string?> Policy { get; } = new("--policy") { Description = "A gate policy file (JSON: mode, failure-warn, failure-fail, anomaly-warn, anomaly-fail, max-failed-tests, max-flaky-tests, fail-closed). Options given on the command line override it." };
        public Option<string?> Mode { get; } = new("--mode") { Description = "advise (default: report only), enforce (a fail verdict blocks: exit 1 / gate fails), dry-run (report what enforce would have done)." };
        public Option<double?> FailureWarn { get; } = new("--failure-warn") { Description = "Failure probability at or above which the verdict is warn. Default 0.5." };
        public Option<double?> FailureFail { get; } = new("--failure-fail") { Description = "Failure probability at or above which the verdict is fail. Default 0.8." };
        public Option<double?> AnomalyWarn { get; } = new("--anomaly-warn") { Description = "|Duration anomaly z| at or above which the verdict is warn. Default 2." };
        public Option<double?> AnomalyFail { get; } = new("--anomaly-fail") { Description = "|Duration anomaly z| at or above which the verdict is fail. Default 4." };
        public Option<int?> MaxFailedTests { get; } = new("--max-failed-tests") { Description = "Failed tests allowed before the verdict is fail. Default 0." };
        public Option<int?> MaxFlakyTests { get; } = new("--max-flaky-tests") { Description = "Flaky tests allowed before the verdict is warn. Default 0." };
        public Option<bool?> FailClosed { get; } = new("--fail-closed") { Description = "When Pipewise itself fails (store down, model broken), fail instead of passing with a warning (fail-open is the default)." };
        public Option<string?> Model { get; } = new("--model") { Description = "A model folder (model.onnx + manifest.json) to use instead of the store's current model or the shipped default." };

        public void AddTo(Command command)
        {
            foreach (var o in new Option[] { Policy, Mode, FailureWarn, FailureFail, AnomalyWarn, AnomalyFail, MaxFailedTests, MaxFlakyTests, FailClosed, Model })
            {
                command.Options.Add(o);
            }
        }

        /// <summary>Defaults, then the policy file, then the command line. Throws FormatException with a clear message.</summary>
        public GatePolicyOptions Build(ParseResult parse)
        {
            var options = parse.GetValue(Policy) is { Length: > 0 } file ? GatePolicyFile.Load(file) : new GatePolicyOptions();
            if (parse.GetValue(Mode) is { } modeText)
            {
                options = GatePolicyFile.TryParseMode(modeText, out var mode)
                    ? options with { Mode = mode }
                    : throw new FormatException($"--mode: expected advise, enforce or dry-run, found '{modeText}'");
            }

            options = options with
            {
                FailureWarn = parse.GetValue(FailureWarn) ?? options.FailureWarn,
                FailureFail = parse.GetValue(FailureFail) ?? options.FailureFail,
                AnomalyWarn = parse.GetValue(AnomalyWarn) ?? options.AnomalyWarn,
                AnomalyFail = parse.GetValue(AnomalyFail) ?? options.AnomalyFail,
                MaxFailedTests = parse.GetValue(MaxFailedTests) ?? options.MaxFailedTests,
                MaxFlakyTests = parse.GetValue(MaxFlakyTests) ?? options.MaxFlakyTests,
                FailClosed = parse.GetValue(FailClosed) ?? options.FailClosed,
            };
            return options.Validate() is { } problem ? throw new FormatException(problem) : options;
        }
    }

    private static Command CreateGate()
    {
        var store = CommonOptions.Store();
        var pipeline = new Option<string>("--pipeline") { Description = "The pipeline to gate: provider/org/repo/pipeline, e.g. github/octo-org/shop/deploy.yml or azure-devops/contoso/web/42.", Required = true };
        var runId = new Option<string?>("--run-id") { Description = "The run being deployed; default the pipeline's latest stored run." };
        var json = new Option<bool>("--json") { Description = "Print the verdict as JSON (the same document the gate service answers) instead of text." };
        var policy = new PolicyOptions();
        var command = new Command("gate", "Score a pipeline's latest state and give a verdict (pass | warn | fail) with its reasons; writes step outputs and the summary in GitHub Actions / Azure Pipelines. Exit 1 only for a fail verdict in enforce mode; 3 when Pipewise failed and fail-closed blocks; 2 for bad options.");
        command.Options.Add(store);
        command.Options.Add(pipeline);
        command.Options.Add(runId);
        command.Options.Add(json);
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
                var opened = CommonOptions.OpenStore(parse.GetValue(store)!);
                var forecaster = await CreateForecasterAsync(opened, parse.GetValue(policy.Model), notes, ct).ConfigureAwait(false);
                var assessor = Wiring.CreateAssessor(opened, forecaster, CreateAgent(opened, notes), CreateTracker(opened, notes));
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
                Console.WriteLine(Encoding.UTF8.GetString(GateResponse.Json(score)));
            }
            else
            {
                PrintText(score, notes);
            }

            PublishOutputs(score, notes);
            return ExitCodes.For(score.Verdict, options.FailClosed);
        });
        return command;
    }

    private static Command CreateServe()
    {
        var store = CommonOptions.Store();
        var urls = new Option<string>("--urls") { Description = "Where to listen, e.g. http://127.0.0.1:8080 (several separated by ';'). Put TLS in front (reverse proxy) when exposed.", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var policy = new PolicyOptions();
        var command = new Command("serve", "Run the gate service: POST /api/azure-devops/gate (Invoke REST API gate), POST /api/github/webhook (deployment protection rule), /healthz, /metrics, /dashboard. " +
            $"Secrets come only from the environment: {GateServiceOptions.GateKeyVariable}, {GateServiceOptions.WebhookSecretVariable}, {GateServiceOptions.GitHubAppIdVariable} + {GateServiceOptions.GitHubAppPrivateKeyVariable} (or {GateServiceOptions.GitHubTokenVariable}); {GateServiceOptions.GitHubApiUrlVariable} for GitHub Enterprise Server.");
        command.Options.Add(store);
        command.Options.Add(urls);
        policy.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            GatePolicyOptions options;
            GateServiceOptions service;
            try
            {
                options = policy.Build(parse);
                service = GateServiceOptions.FromEnvironment(null, options);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                await Console.Error.WriteLineAsync($"pipewise serve: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            IPipewiseStore opened;
            try
            {
                opened = CommonOptions.OpenStore(parse.GetValue(store)!);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await Console.Error.WriteLineAsync($"pipewise serve: the store could not be opened: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var notes = new List<string>();
            var forecaster = await CreateForecasterAsync(opened, parse.GetValue(policy.Model), notes, ct).ConfigureAwait(false);
            var dependencies = new GateServiceDependencies
            {
                Store = opened,
                Forecaster = forecaster,
                Predictions = CreateTracker(opened, notes),
                Agent = CreateAgent(opened, notes),
                Logging = b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information)
                    .AddFilter("Microsoft.AspNetCore", LogLevel.Warning),
            };
            foreach (var note in notes)
            {
                Console.WriteLine($"pipewise serve: {note}");
            }

            GateServiceHost host;
            try
            {
                host = await GateServiceHost.StartAsync(dependencies, service, parse.GetValue(urls)!, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or FormatException or UriFormatException)
            {
                await Console.Error.WriteLineAsync($"pipewise serve: could not listen on {parse.GetValue(urls)}: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            await using (host.ConfigureAwait(false))
            {
                Console.WriteLine($"pipewise serve: listening on {string.Join(", ", host.Addresses)} with store {opened.Description}; {service}");
                if (service.GateKey is null)
                {
                    Console.WriteLine($"pipewise serve: {GateServiceOptions.GateKeyVariable} is not set: the Azure DevOps gate answers 503.");
                }

                if (service.GitHubWebhookSecret is null)
                {
                    Console.WriteLine($"pipewise serve: {GateServiceOptions.WebhookSecretVariable} is not set: the GitHub webhook answers 503.");
                }

                try
                {
                    await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    Console.WriteLine("pipewise serve: stopping.");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateReport()
    {
        var store = CommonOptions.Store();
        var output = new Option<string>("--out") { Description = "The HTML file to write (self-contained: no script, no external resources).", DefaultValueFactory = _ => "pipewise-report.html" };
        var command = new Command("report", "Write the dashboard (runs with forecast vs actual duration, failure risk over time, recent verdicts with reasons, the agent's best action per state) as one self-contained HTML file, e.g. to publish as a build artifact.");
        command.Options.Add(store);
        command.Options.Add(output);
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var opened = CommonOptions.OpenStore(parse.GetValue(store)!);
                var notes = new List<string>();
                var path = Path.GetFullPath(parse.GetValue(output)!);
                await GateReport.WriteAsync(path, opened, CreateTracker(opened, notes), StoreVerdictLog.Create(opened), null, ct).ConfigureAwait(false);
                foreach (var note in notes)
                {
                    Console.WriteLine($"pipewise report: {note}");
                }

                Console.WriteLine($"pipewise report: wrote {path}");
                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or FormatException or StoreUnavailableException)
            {
                await Console.Error.WriteLineAsync($"pipewise report: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
        });
        return command;
    }

    private static async Task<IForecaster?> CreateForecasterAsync(IPipewiseStore store, string? modelDirectory, List<string> notes, CancellationToken ct)
    {
        try
        {
            var forecaster = await ForecasterFactory.CreateAsync(store, modelDirectory, notes.Add, ct).ConfigureAwait(false);
            if (forecaster is null)
            {
                notes.Add("No forecasting model is available; verdicts rest on tests and anomaly only.");
            }

            return forecaster;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            notes.Add($"The forecasting model could not be loaded ({ex.Message}); verdicts rest on tests and anomaly only.");
            return null;
        }
    }

    private static IPredictionTracker? CreateTracker(IPipewiseStore store, List<string> notes)
    {
        try
        {
            return PredictionTrackerFactory.Create(store);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            notes.Add($"Forecast history is unavailable: {ex.Message}");
            return null;
        }
    }

    private static ITuningAgent? CreateAgent(IPipewiseStore store, List<string> notes)
    {
        try
        {
            return SarsaAgentFactory.Create(store, new AgentOptions());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            notes.Add($"The tuning agent is unavailable: {ex.Message}");
            return null;
        }
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

    /// <summary>The gate's outputs: verdict, blocks, would-block, mode, risk, model-version, reasons (JSON).</summary>
    internal static IReadOnlyList<KeyValuePair<string, string>> Outputs(RunAssessment score)
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

    internal static string SummaryMarkdown(RunAssessment score, IReadOnlyList<string> notes)
    {
        var v = score.Verdict;
        var sb = new StringBuilder();
        sb.Append("### Pipewise gate: ").Append(Markdown.Escape(v.Outcome)).Append("\n\n");
        sb.Append("Pipeline `").Append(score.Pipeline.ToString().Replace('`', '\'')).Append('`');
        if (score.RunId is not null)
        {
            sb.Append(", run ").Append(Markdown.Escape(score.RunId));
        }

        sb.Append(", model ").Append(Markdown.Escape(v.ModelVersion ?? "none")).Append("\n\n| severity | reason | measured | threshold |\n|---|---|---:|---:|\n");
        foreach (var r in v.Reasons)
        {
            sb.Append("| ").Append(r.Severity.ToString().ToLowerInvariant()).Append(" | ").Append(Markdown.Escape(r.Message)).Append(" | ")
              .Append(r.Measured.ToString("0.###", CultureInfo.InvariantCulture)).Append(" | ").Append(r.Threshold.ToString("0.###", CultureInfo.InvariantCulture)).Append(" |\n");
        }

        foreach (var n in notes)
        {
            sb.Append("\n> ").Append(Markdown.Escape(n)).Append('\n');
        }

        return sb.ToString();
    }

    private static void PublishOutputs(RunAssessment score, IReadOnlyList<string> notes)
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
                    EnvironmentFiles.AppendStepSummary(summaryFile, SummaryMarkdown(score, notes));
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
                File.WriteAllText(summary, SummaryMarkdown(score, notes), new UTF8Encoding(false));
                commands.Command("task.uploadsummary", null, summary);
                if (score.Verdict.Verdict != Verdict.Pass)
                {
                    commands.LogIssue(score.Verdict.Blocks, $"Pipewise gate: {score.Verdict.Outcome}: {score.Verdict.Reasons[0].Message}");
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
