using System.CommandLine;
using Pipewise.Composition;
using Pipewise.Composition.CommandLine;
using Pipewise.Core.Assessment;
using System.Globalization;
using Pipewise.Core.Gate;
using Pipewise.Core.Hosting;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;
using Pipewise.Storage;
using Pipewise.Hosting.CiHosts;
using Pipewise.Hosting.Secrets;
using Pipewise.Hosting.Settings;

namespace Pipewise.Cli.Commands;

/// <summary>
/// <c>pipewise run</c>: collect → store → score → suggest → gate → annotate → learn, for the current CI run.
/// Settings come from flags, else from the action/task inputs (INPUT_&lt;NAME&gt;), else PIPEWISE_&lt;NAME&gt;, else defaults
/// (<see cref="SettingsResolver"/>). The CI host is detected from the environment (<see cref="CiHostResolver"/>), which
/// also chooses the provider token; the token never comes from a flag.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var policyOptions = new PolicyOptionSet();
        var testResults = new Option<string?>("--test-results") { Description = "Glob of JUnit XML / TRX files with this run's test results (e.g. '**/TestResults/*.trx')." };
        var host = new Option<string?>("--host") { Description = "auto (default: GitHub Actions when GITHUB_ACTIONS=true, Azure Pipelines when TF_BUILD=True, else local), github, azure-devops, local." };
        var runFile = new Option<string?>("--run-file") { Description = "For --host local: a RunRecord JSON file describing the run." };
        var summaryFile = new Option<string?>("--summary-file") { Description = "For --host local: also write the markdown summary to this file." };
        var noStatus = new Option<bool?>("--no-status") { Description = "Do not post a commit / PR status." };
        var noComment = new Option<bool?>("--no-comment") { Description = "Do not post or update the PR comment." };
        var model = new Option<string?>("--model") { Description = "A model folder (model.onnx + manifest.json) to use instead of the store's current model or the shipped default." };
        var seed = new Option<int?>("--seed") { Description = "Seed of the agent's exploration (for reproducible runs)." };
        var budget = new Option<string?>("--budget") { Description = "Seconds all Pipewise work of this run may take (default 15; also INPUT_BUDGET, PIPEWISE_BUDGET). Past it Pipewise fails open and keeps the run in the outbox (PIPEWISE_OUTBOX, default ./.pipewise-outbox) for the next run." };
        var otelEndpoint = new Option<string?>("--otel-endpoint") { Description = "Export this run as an OpenTelemetry trace and metrics to this OTLP/HTTP base URL (e.g. http://otel-collector:4318); OTEL_EXPORTER_OTLP_ENDPOINT wins, the other OTEL_* variables are honoured. At most 5 s; a failure is a warning." };

        var command = new Command("run", "Collect this CI run, store it, forecast, suggest, gate and annotate. Exit codes: 0 (any verdict in advise/dry-run, or pass/warn), 1 (fail verdict in enforce mode), 2 (bad settings), 3 (Pipewise failed and fail-closed is set).")
        {
            store, testResults, host, runFile, summaryFile, noStatus, noComment, model, seed, budget, otelEndpoint,
        };
        policyOptions.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var env = CommonOptions.ProcessEnvironment();
            var settings = new SettingsResolver(env);
            GatePolicyOptions policy;
            bool postStatus, postComment;
            TimeSpan runBudget;
            try
            {
                runBudget = RunBudget.Parse(settings.Get("budget", Flag(parse, budget)));
                postStatus = !(settings.GetBool("no-status", Switch(parse, noStatus)) ?? !(settings.GetBool("post-status") ?? true));
                postComment = !(settings.GetBool("no-comment", Switch(parse, noComment)) ?? !(settings.GetBool("post-comment") ?? true));
                policy = policyOptions.Build(parse, name => settings.Get(name));
            }
            catch (FormatException ex)
            {
                await Console.Error.WriteLineAsync($"pipewise run: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var hosts = Wiring.CiHosts(env);
            var hostName = settings.Get("host", Flag(parse, host)) ?? CiHostResolver.Auto;
            if (hosts.Resolve(hostName) is not { } ciHost)
            {
                await Console.Error.WriteLineAsync($"pipewise run: unknown or unavailable host '{hostName.ToLowerInvariant()}' (known: {string.Join(", ", hosts.Names)})").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var local = ciHost is LocalHost;
            if (local && string.IsNullOrEmpty(parse.GetValue(runFile)))
            {
                await Console.Error.WriteLineAsync("pipewise run: not inside GitHub Actions or Azure Pipelines; give --run-file <RunRecord JSON> to score a run locally (or --host github|azure-devops).").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            // One masker for the run: the host registers its secrets with the runner, and every message goes through it.
            var token = ciHost.Token;
            var storeSpec = parse.GetValue(store)!;
            var masker = SecretMasker.ForRun(token, env);
            masker.AddStoreSpec(storeSpec);
            var runHost = ciHost.CreateRunHost(
                new RunHostSettings
                {
                    Environment = env,
                    Token = token,
                    TestResultsGlob = settings.Get("test-results", Flag(parse, testResults)),
                    PostStatus = postStatus,
                    PostComment = postComment,
                    CommentAuthor = settings.Get("comment-author"),
                    Mode = policy.Mode,
                    ApiBaseUrl = env.GetValueOrDefault("PIPEWISE_API_URL") is { Length: > 0 } api ? new Uri(api) : null,
                    RunFile = parse.GetValue(runFile),
                    SummaryFile = parse.GetValue(summaryFile),
                    Output = Console.Out,
                },
                masker);

            // One budget for all Pipewise work: store calls end by three fifths of it (their retries included), the
            // whole run by all of it; a run that could not be stored waits in the outbox for the next run.
            using var overall = CancellationTokenSource.CreateLinkedTokenSource(ct);
            overall.CancelAfter(runBudget);
            var outbox = new RunOutbox(settings.Get("outbox") ?? RunOutbox.DefaultFolder);
            DeadlineStore? deadlineStore = null;
            RunRecord? collected = null;
            try
            {
                PipewiseComponents parts;
                try
                {
                    deadlineStore = new DeadlineStore(StoreFactory.Open(storeSpec), RunBudget.StoreShare(runBudget), TimeProvider.System, outbox);
                    parts = await PipewiseComponents.ForStoreAsync(
                        deadlineStore,
                        new PipewiseSettings { Store = storeSpec, ModelDirectory = settings.Get("model", Flag(parse, model)), AgentSeed = parse.GetValue(seed) },
                        TimeProvider.System,
                        overall.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Visible on the runner like a failed collection: a warning and every output, then fail-open below.
                    await runHost.ReportCollectionFailureAsync(CollectionFailure.From(ex, policy, "the Pipewise store could not be opened"), ct).ConfigureAwait(false);
                    throw;
                }

                foreach (var note in parts.Notes)
                {
                    Trace(env, masker.Mask(note));
                }

                var loop = new RunLoop(parts.CreateAssessor(new AssessorOptions())) { Collected = r => collected = r };
                var outcome = await loop.ExecuteAsync(runHost, policy, overall.Token).ConfigureAwait(false);
                deadlineStore.KeepIfNotStored(outcome.Run);
                await DrainOutboxAsync(deadlineStore, outbox, env, masker, overall.Token).ConfigureAwait(false);
                await Telemetry.RunExport.TryAsync(outcome, env, settings.Get("otel-endpoint", Flag(parse, otelEndpoint)), masker, TimeProvider.System, overall.Token).ConfigureAwait(false);
                return ExitCodes.For(outcome.Verdict, policy.FailClosed);
            }
            catch (OperationCanceledException) when (overall.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                if (collected is not null)
                {
                    deadlineStore?.KeepIfNotStored(collected);
                }

                await Console.Error.WriteLineAsync(policy.FailClosed
                    ? $"pipewise run: Pipewise did not finish within its budget of {runBudget.TotalSeconds:0.#} s; fail-closed is set, so this step fails."
                    : $"pipewise run: Pipewise did not finish within its budget of {runBudget.TotalSeconds:0.#} s; failing open, the pipeline goes on.").ConfigureAwait(false);
                return policy.FailClosed ? ExitCodes.InternalErrorFailClosed : ExitCodes.Ok;
            }
            catch (RunRecordFormatException ex) when (local)
            {
                await Console.Error.WriteLineAsync($"pipewise run: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Our own failure (the host has reported a failed collection): fail open unless the user chose fail-closed.
                var message = masker.Mask(ex.Message);
                await Console.Error.WriteLineAsync(policy.FailClosed
                    ? $"pipewise run: Pipewise failed ({message}); fail-closed is set, so this step fails."
                    : $"pipewise run: Pipewise failed ({message}); failing open, the pipeline goes on.").ConfigureAwait(false);
                Trace(env, masker.Mask(ex.ToString()));
                return policy.FailClosed ? ExitCodes.InternalErrorFailClosed : ExitCodes.Ok;
            }
            finally
            {
                (runHost as IDisposable)?.Dispose();
                deadlineStore?.Dispose();
                if (deadlineStore is { Outboxed: > 0 })
                {
                    await Console.Error.WriteLineAsync($"pipewise run: the run could not be stored; it is kept in the outbox '{outbox.Folder}' and stored by the next run.").ConfigureAwait(false);
                }
            }
        });
        return command;
    }

    /// <summary>Stores the runs earlier runs could not, while the budget lasts; a failure only leaves them waiting.</summary>
    private static async Task DrainOutboxAsync(DeadlineStore? store, RunOutbox outbox, IReadOnlyDictionary<string, string?> env, SecretMasker masker, CancellationToken ct)
    {
        if (store is null || store.Expired || store.Outboxed > 0 || outbox.Pending().Count == 0)
        {
            return;
        }

        try
        {
            var drained = await store.DrainOutboxAsync(ct).ConfigureAwait(false);
            Trace(env, $"Stored {drained} run(s) from the outbox '{outbox.Folder}'.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Trace(env, masker.Mask($"The outbox '{outbox.Folder}' could not be stored yet: {ex.Message}"));
        }

        foreach (var problem in outbox.Problems)
        {
            await Console.Error.WriteLineAsync($"pipewise run: {masker.Mask(problem)}").ConfigureAwait(false);
        }
    }

    private static void Trace(IReadOnlyDictionary<string, string?> env, string message)
    {
        if (string.Equals(env.GetValueOrDefault("PIPEWISE_TRACE"), "1", StringComparison.Ordinal)
            || string.Equals(env.GetValueOrDefault("RUNNER_DEBUG"), "1", StringComparison.Ordinal)
            || string.Equals(env.GetValueOrDefault("SYSTEM_DEBUG"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Console.Error.WriteLine($"[trace] {message}");
        }
    }

    /// <summary>The text of a flag the user gave, or null when it was not given (so the environment is read).</summary>
    private static string? Flag<T>(ParseResult parse, Option<T> option) =>
        parse.GetResult(option) is { Implicit: false } ? Convert.ToString(parse.GetValue(option), CultureInfo.InvariantCulture) : null;

    /// <summary>A switch the user gave (<c>--fail-closed</c> alone is true), or null when it was not given.</summary>
    private static bool? Switch(ParseResult parse, Option<bool?> option) =>
        parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option) ?? true : null;
}
