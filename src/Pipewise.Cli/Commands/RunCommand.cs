using System.Collections;
using System.CommandLine;
using System.Globalization;
using Pipewise.Core.Gate;
using Pipewise.Core.Hosting;
using Pipewise.Core.Runs;

namespace Pipewise.Cli.Commands;

/// <summary>
/// <c>pipewise run</c>: collect → store → score → suggest → gate → annotate → learn, for the current CI run.
/// Settings come from flags, else from the action/task inputs (INPUT_&lt;NAME&gt;), else PIPEWISE_&lt;NAME&gt;, else defaults.
/// The provider token comes only from the environment (GITHUB_TOKEN / INPUT_TOKEN / SYSTEM_ACCESSTOKEN).
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var mode = new Option<string?>("--mode") { Description = "advise (default: report, never fail the job), enforce (a fail verdict fails the job, exit 1), dry-run (report what enforce would do)." };
        var failureWarn = new Option<double?>("--failure-warn") { Description = "Failure probability at or above which the verdict is warn. Default 0.5." };
        var failureFail = new Option<double?>("--failure-fail") { Description = "Failure probability at or above which the verdict is fail. Default 0.8." };
        var anomalyWarn = new Option<double?>("--anomaly-warn") { Description = "|Duration anomaly z| at or above which the verdict is warn. Default 2." };
        var anomalyFail = new Option<double?>("--anomaly-fail") { Description = "|Duration anomaly z| at or above which the verdict is fail. Default 4." };
        var maxFailedTests = new Option<int?>("--max-failed-tests") { Description = "Failed tests allowed before the verdict is fail. Default 0." };
        var maxFlakyTests = new Option<int?>("--max-flaky-tests") { Description = "Flaky tests allowed before the verdict is warn. Default 0." };
        var failClosed = new Option<bool?>("--fail-closed") { Description = "When Pipewise itself fails (store down, model broken), fail the job (exit 3) instead of passing with a warning." };
        var testResults = new Option<string?>("--test-results") { Description = "Glob of JUnit XML / TRX files with this run's test results (e.g. '**/TestResults/*.trx')." };
        var host = new Option<string?>("--host") { Description = "auto (default: GitHub Actions when GITHUB_ACTIONS=true, Azure Pipelines when TF_BUILD=True, else local), github, azure-devops, local." };
        var runFile = new Option<string?>("--run-file") { Description = "For --host local: a RunRecord JSON file describing the run." };
        var summaryFile = new Option<string?>("--summary-file") { Description = "For --host local: also write the markdown summary to this file." };
        var noStatus = new Option<bool?>("--no-status") { Description = "Do not post a commit / PR status." };
        var noComment = new Option<bool?>("--no-comment") { Description = "Do not post or update the PR comment." };
        var model = new Option<string?>("--model") { Description = "A model folder (model.onnx + manifest.json) to use instead of the store's current model or the shipped default." };
        var seed = new Option<int?>("--seed") { Description = "Seed of the agent's exploration (for reproducible runs)." };

        var command = new Command("run", "Collect this CI run, store it, forecast, suggest, gate and annotate. Exit codes: 0 (any verdict in advise/dry-run, or pass/warn), 1 (fail verdict in enforce mode), 2 (bad settings), 3 (Pipewise failed and fail-closed is set).")
        {
            store, mode, failureWarn, failureFail, anomalyWarn, anomalyFail, maxFailedTests, maxFlakyTests, failClosed, testResults, host, runFile, summaryFile, noStatus, noComment, model, seed,
        };
        command.SetAction(async (parse, ct) =>
        {
            var env = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
            var settings = new SettingReader(parse, env);
            GatePolicyOptions policy;
            try
            {
                policy = new GatePolicyOptions
                {
                    Mode = ParseMode(settings.Get(mode, "mode") ?? "advise"),
                    FailureWarn = settings.GetDouble(failureWarn, "failure-warn") ?? 0.5,
                    FailureFail = settings.GetDouble(failureFail, "failure-fail") ?? 0.8,
                    AnomalyWarn = settings.GetDouble(anomalyWarn, "anomaly-warn") ?? 2.0,
                    AnomalyFail = settings.GetDouble(anomalyFail, "anomaly-fail") ?? 4.0,
                    MaxFailedTests = settings.GetInt(maxFailedTests, "max-failed-tests") ?? 0,
                    MaxFlakyTests = settings.GetInt(maxFlakyTests, "max-flaky-tests") ?? 0,
                    FailClosed = settings.GetBool(failClosed, "fail-closed") ?? false,
                };
            }
            catch (FormatException ex)
            {
                await Console.Error.WriteLineAsync($"pipewise run: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            if (policy.Validate() is { } invalid)
            {
                await Console.Error.WriteLineAsync($"pipewise run: {invalid}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var hostName = (settings.Get(host, "host") ?? "auto").ToLowerInvariant();
            if (hostName == "auto")
            {
                hostName = string.Equals(env.GetValueOrDefault("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase) ? "github"
                    : string.Equals(env.GetValueOrDefault("TF_BUILD"), "true", StringComparison.OrdinalIgnoreCase) ? "azure-devops"
                    : "local";
            }

            var token = hostName == "azure-devops"
                ? FirstNonEmpty(env.GetValueOrDefault("INPUT_TOKEN"), env.GetValueOrDefault("SYSTEM_ACCESSTOKEN"), env.GetValueOrDefault("PIPEWISE_AZURE_DEVOPS_TOKEN"))
                : FirstNonEmpty(env.GetValueOrDefault("INPUT_TOKEN"), env.GetValueOrDefault("GITHUB_TOKEN"));
            var hostSettings = new RunHostSettings
            {
                Environment = env,
                Token = token,
                TestResultsGlob = settings.Get(testResults, "test-results"),
                PostStatus = !(settings.GetBool(noStatus, "no-status") ?? !(settings.GetBoolInput("post-status") ?? true)),
                PostComment = !(settings.GetBool(noComment, "no-comment") ?? !(settings.GetBoolInput("post-comment") ?? true)),
                Mode = policy.Mode,
                ApiBaseUrl = env.GetValueOrDefault("PIPEWISE_API_URL") is { Length: > 0 } api ? new Uri(api) : null,
                Output = Console.Out,
            };

            IRunHost runHost;
            if (hostName == "local")
            {
                var file = parse.GetValue(runFile);
                if (string.IsNullOrEmpty(file))
                {
                    await Console.Error.WriteLineAsync("pipewise run: not inside GitHub Actions or Azure Pipelines; give --run-file <RunRecord JSON> to score a run locally (or --host github|azure-devops).").ConfigureAwait(false);
                    return ExitCodes.UsageError;
                }

                runHost = new LocalRunHost(file, Console.Out, parse.GetValue(summaryFile), Wiring.RenderMarkdown);
            }
            else if (Wiring.Hosts.TryGetValue(hostName, out var factory))
            {
                runHost = factory(hostSettings);
            }
            else
            {
                await Console.Error.WriteLineAsync($"pipewise run: unknown or unavailable host '{hostName}' (known: local{string.Concat(Wiring.Hosts.Keys.Select(k => ", " + k))})").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            try
            {
                var target = CommonOptions.OpenStore(parse.GetValue(store)!);
                var forecaster = await Wiring.CreateForecasterAsync(target, settings.Get(model, "model"), ct).ConfigureAwait(false);
                var loop = new RunLoop(Wiring.CreateAssessor(target, forecaster, Wiring.CreateAgent(target, parse.GetValue(seed)), Wiring.CreatePredictionTracker(target)));
                var outcome = await loop.ExecuteAsync(runHost, policy, ct).ConfigureAwait(false);
                return ExitCodes.For(outcome.Verdict, policy.FailClosed);
            }
            catch (RunRecordFormatException ex) when (hostName == "local")
            {
                await Console.Error.WriteLineAsync($"pipewise run: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Our own failure: fail open unless the user chose fail-closed. The message never holds the token.
                var message = Redact(ex.Message, token);
                await Console.Error.WriteLineAsync(policy.FailClosed
                    ? $"pipewise run: Pipewise failed ({message}); fail-closed is set, so this step fails."
                    : $"pipewise run: Pipewise failed ({message}); failing open, the pipeline goes on.").ConfigureAwait(false);
                Trace(env, Redact(ex.ToString(), token));
                return policy.FailClosed ? ExitCodes.InternalErrorFailClosed : ExitCodes.Ok;
            }
        });
        return command;
    }

    internal static GateMode ParseMode(string text) => text.Trim().ToLowerInvariant() switch
    {
        "advise" => GateMode.Advise,
        "enforce" => GateMode.Enforce,
        "dry-run" or "dryrun" => GateMode.DryRun,
        _ => throw new FormatException($"mode: expected advise, enforce or dry-run, found '{text}'"),
    };

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrEmpty(v));

    private static string Redact(string text, string? secret) =>
        string.IsNullOrEmpty(secret) ? text : text.Replace(secret, "***", StringComparison.Ordinal);

    private static void Trace(IReadOnlyDictionary<string, string?> env, string message)
    {
        if (string.Equals(env.GetValueOrDefault("PIPEWISE_TRACE"), "1", StringComparison.Ordinal)
            || string.Equals(env.GetValueOrDefault("RUNNER_DEBUG"), "1", StringComparison.Ordinal)
            || string.Equals(env.GetValueOrDefault("SYSTEM_DEBUG"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Console.Error.WriteLine($"[trace] {message}");
        }
    }

    /// <summary>Reads a setting: an explicit flag wins, then INPUT_&lt;NAME&gt; (action/task input), then PIPEWISE_&lt;NAME&gt;.</summary>
    private sealed class SettingReader(ParseResult parse, IReadOnlyDictionary<string, string?> env)
    {
        public string? Get<T>(Option<T> option, string name)
        {
            var result = parse.GetResult(option);
            if (result is { Implicit: false })
            {
                return Convert.ToString(parse.GetValue(option), CultureInfo.InvariantCulture);
            }

            return Input(name);
        }

        public string? Input(string name)
        {
            var key = name.ToUpperInvariant().Replace('-', '_');
            foreach (var candidate in new[] { $"INPUT_{key}", $"INPUT_{name.ToUpperInvariant()}", $"PIPEWISE_{key}" })
            {
                if (env.GetValueOrDefault(candidate) is { Length: > 0 } value)
                {
                    return value.Trim();
                }
            }

            return null;
        }

        public double? GetDouble(Option<double?> option, string name) =>
            Get(option, name) is { } text
                ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw new FormatException($"{name}: expected a number, found '{text}'")
                : null;

        public int? GetInt(Option<int?> option, string name) =>
            Get(option, name) is { } text
                ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : throw new FormatException($"{name}: expected a whole number, found '{text}'")
                : null;

        public bool? GetBool(Option<bool?> option, string name) =>
            parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option) ?? true : GetBoolInput(name);

        public bool? GetBoolInput(string name) => Input(name) is { } text
            ? text.ToLowerInvariant() switch
            {
                "true" or "yes" or "1" or "on" => true,
                "false" or "no" or "0" or "off" => false,
                _ => throw new FormatException($"{name}: expected true or false, found '{text}'"),
            }
            : null;
    }
}
