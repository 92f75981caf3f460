using Octokit;
using Pipewise.Core.Hosting;
using Pipewise.Core.Runs;
using Pipewise.GitHub.Api;
using Pipewise.GitHub.Runner;
using Pipewise.Hosting;
using Pipewise.Hosting.Monitoring;
using Pipewise.Hosting.Secrets;

namespace Pipewise.GitHub;

/// <summary>
/// The GitHub Actions runner as the run loop sees it. <see cref="Create(RunHostSettings, GitHubHostOptions)"/> registers
/// the run's secrets with the runner (<c>::add-mask::</c>, the token first), reads GITHUB_* from
/// <see cref="RunHostSettings.Environment"/>, and talks to GITHUB_API_URL (or <see cref="RunHostSettings.ApiBaseUrl"/>)
/// through Octokit. Test-result files and resource samples are added as on every CI host (<see cref="RunEnricher"/>).
/// </summary>
public sealed class GitHubRunHost : IRunHost
{
    private readonly RunHostSettings settings;
    private readonly GitHubHostOptions options;
    private readonly WorkflowCommands commands;
    private readonly GitHubCollector collector;
    private readonly GitHubReporter reporter;
    private GitHubEventPayload? payload;

    private GitHubRunHost(RunHostSettings settings, GitHubHostOptions options, WorkflowCommands commands, GitHubContext context, IGitHubClient client)
    {
        this.settings = settings;
        this.options = options;
        this.commands = commands;
        Context = context;
        Client = client;
        collector = new GitHubCollector(client, context, commands.Info, options.Time);
        reporter = new GitHubReporter(client, context, settings, commands);
    }

    public string Name => "GitHub Actions";

    public GitHubContext Context { get; }

    public IGitHubClient Client { get; }

    /// <summary>The factory for GITHUB_ACTIONS=true or --host github, with a masker of its own.</summary>
    /// <remarks>
    /// Never throws for a missing or malformed runner environment: the problem is raised from
    /// <see cref="IRunHost.CollectAsync"/> instead, inside the run loop's fail-open handling.
    /// </remarks>
    public static IRunHost Create(RunHostSettings settings) => Create(settings, masker: null);

    /// <summary>As <see cref="Create(RunHostSettings)"/>, with the run's masker (<see cref="GitHubActionsHost"/>).</summary>
    internal static IRunHost Create(RunHostSettings settings, SecretMasker? masker)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new GitHubHostOptions { Masker = masker ?? SecretMasker.ForRun(TokenOf(settings), settings.Environment) };
        try
        {
            return Create(settings, options);
        }
        catch (GitHubConfigurationException ex)
        {
            return new MisconfiguredHost(ex, new WorkflowCommands(settings.Output, options.Masker), settings.Environment.GetValueOrDefault("GITHUB_OUTPUT"));
        }
    }

    /// <exception cref="GitHubConfigurationException">The runner environment is missing or malformed (after masking).</exception>
    public static GitHubRunHost Create(RunHostSettings settings, GitHubHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        var token = TokenOf(settings);
        var masker = options.Masker ?? SecretMasker.ForRun(token, settings.Environment);
        masker.Add(token);
        var commands = new WorkflowCommands(settings.Output, masker);

        // Mask before anything could print the token (an error message, a trace, an echoed setting).
        masker.OnSecret(commands.AddMask);
        if (!ReferenceEquals(token, settings.Token))
        {
            settings = settings with { Token = token };
        }

        var context = GitHubContext.FromEnvironment(settings.Environment, settings.ApiBaseUrl);
        var api = options.Api with { Log = options.Api.Log ?? commands.Info, Time = options.Time };
        var client = GitHubClientFactory.Create(context.ApiUrl, token, api);
        return new GitHubRunHost(settings, options, commands, context, client);
    }

    /// <summary>The store credentials this host registers with the runner (the run's masker's, without a token).</summary>
    internal static IEnumerable<string> StoreSecrets(IReadOnlyDictionary<string, string?> env) => SecretMasker.ForRun(null, env).Secrets;

    public async Task<RunRecord> CollectAsync(CancellationToken cancellationToken = default)
    {
        payload = ReadPayload();
        var run = await collector.CollectAsync(payload, cancellationToken).ConfigureAwait(false);
        var files = new RunEnricher
        {
            TestResultsGlob = settings.TestResultsGlob,
            BaseDirectory = Context.Workspace ?? Directory.GetCurrentDirectory(),
            MonitorDirectory = options.MonitorDirectory ?? ResourceMonitor.DefaultDirectory(settings.Environment),
            Log = commands.Info,
        };
        return files.AddTo(run);
    }

    public Task ReportCollectionFailureAsync(CollectionFailure failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failure);
        FailureReport.Write(commands, Context.OutputPath, failure);
        return Task.CompletedTask;
    }

    public async Task ReportAsync(RunOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        try
        {
            await reporter.ReportAsync(outcome, payload ?? ReadPayload(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Reporting never breaks the pipeline.
            commands.Warning($"Pipewise could not report this run: {ex.Message}. The run continues.");
        }
    }

    /// <summary>The settings' token, else the one <see cref="GitHubActionsHost"/> chooses from the environment.</summary>
    private static string? TokenOf(RunHostSettings settings) =>
        settings.Token is { Length: > 0 } token ? token : new GitHubActionsHost(settings.Environment).Token;

    private GitHubEventPayload ReadPayload()
    {
        try
        {
            return GitHubEventPayload.Read(Context.EventPath);
        }
        catch (GitHubConfigurationException ex)
        {
            commands.Info("Pipewise: " + ex.Message);
            return GitHubEventPayload.Empty;
        }
        catch (IOException ex)
        {
            commands.Info($"Pipewise: could not read the event payload {Context.EventPath}: {ex.Message}");
            return GitHubEventPayload.Empty;
        }
    }
}
