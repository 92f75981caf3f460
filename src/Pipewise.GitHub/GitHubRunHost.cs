using Octokit;
using Pipewise.Core.Hosting;
using Pipewise.Core.Runs;
using Pipewise.GitHub.Api;
using Pipewise.GitHub.Monitoring;
using Pipewise.GitHub.Runner;
using Pipewise.GitHub.TestResults;

namespace Pipewise.GitHub;

/// <summary>Extra knobs of the GitHub host (tests and advanced use).</summary>
public sealed record GitHubHostOptions
{
    public GitHubApiOptions Api { get; init; } = new();

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Folder of the resource monitor; default RUNNER_TEMP/pipewise-monitor.</summary>
    public string? MonitorDirectory { get; init; }
}

/// <summary>
/// The GitHub Actions runner as the run loop sees it. <see cref="Create(RunHostSettings)"/> masks the token first,
/// reads GITHUB_* from <see cref="RunHostSettings.Environment"/>, and talks to GITHUB_API_URL (or
/// <see cref="RunHostSettings.ApiBaseUrl"/>) through Octokit.
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
        reporter = new GitHubReporter(client, context, settings, commands, options.Time);
    }

    public string Name => "GitHub Actions";

    public GitHubContext Context { get; }

    public IGitHubClient Client { get; }

    /// <summary>The factory `pipewise run` calls when GITHUB_ACTIONS=true or --host github.</summary>
    /// <remarks>
    /// Never throws for a missing or malformed runner environment: the problem is raised from
    /// <see cref="IRunHost.CollectAsync"/> instead, inside the run loop's fail-open handling.
    /// </remarks>
    public static IRunHost Create(RunHostSettings settings)
    {
        try
        {
            return Create(settings, new GitHubHostOptions());
        }
        catch (GitHubConfigurationException ex)
        {
            return new MisconfiguredHost(ex, new WorkflowCommands(settings.Output));
        }
    }

    public static GitHubRunHost Create(RunHostSettings settings, GitHubHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        var commands = new WorkflowCommands(settings.Output);

        // Mask before anything could print the token (an error message, a trace, an echoed setting).
        var token = settings.Token is { Length: > 0 } t ? t : settings.Environment.GetValueOrDefault("GITHUB_TOKEN");
        commands.AddMask(token);
        foreach (var secret in StoreSecrets(settings.Environment))
        {
            commands.AddMask(secret);
        }

        if (!ReferenceEquals(token, settings.Token))
        {
            settings = settings with { Token = token };
        }

        var context = GitHubContext.FromEnvironment(settings.Environment, settings.ApiBaseUrl);
        var api = options.Api with { Log = options.Api.Log ?? commands.Info, Time = options.Time };
        var client = GitHubClientFactory.Create(context.ApiUrl, token, api);
        return new GitHubRunHost(settings, options, commands, context, client);
    }

    /// <summary>
    /// Secret parts of a store setting (INPUT_STORE / PIPEWISE_STORE): a connection string or a URL with a SAS is
    /// masked whole, and its account key and SAS signature on their own, so that no error message can print them.
    /// </summary>
    internal static IEnumerable<string> StoreSecrets(IReadOnlyDictionary<string, string?> env)
    {
        foreach (var name in new[] { "INPUT_STORE", "PIPEWISE_STORE" })
        {
            if (env.GetValueOrDefault(name) is not { Length: > 0 } value || (!value.Contains('=', StringComparison.Ordinal) && !value.Contains('?', StringComparison.Ordinal)))
            {
                continue;
            }

            yield return value.Trim();
            foreach (var part in value.Split([';', '&', '?'], StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = part.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    continue;
                }

                var key = part[..eq].Trim();
                var secret = part[(eq + 1)..].Trim();
                if (secret.Length >= 8 && (key.Equals("AccountKey", StringComparison.OrdinalIgnoreCase) || key.Equals("SharedAccessSignature", StringComparison.OrdinalIgnoreCase) || key.Equals("sig", StringComparison.OrdinalIgnoreCase)))
                {
                    yield return secret;
                    if (Uri.UnescapeDataString(secret) is var unescaped && unescaped != secret)
                    {
                        yield return unescaped;
                    }
                }
            }
        }
    }

    public async Task<RunRecord> CollectAsync(CancellationToken cancellationToken = default)
    {
        payload = ReadPayload();
        var run = await collector.CollectAsync(payload, cancellationToken).ConfigureAwait(false);

        if (settings.TestResultsGlob is { Length: > 0 } glob)
        {
            var baseDir = Context.Workspace ?? Directory.GetCurrentDirectory();
            var (tests, problems) = TestResultReader.ReadGlob(glob, baseDir);
            foreach (var problem in problems)
            {
                commands.Info("Pipewise: " + problem);
            }

            run = run with { Tests = tests };
        }

        var monitorDir = options.MonitorDirectory ?? ResourceMonitor.DefaultDirectory(settings.Environment);
        try
        {
            ResourceMonitor.Stop(monitorDir);
            if (ResourceMonitor.ReadSamples(monitorDir) is { } samples)
            {
                run = run with { Resources = samples };
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            commands.Info($"Pipewise: could not read the resource samples in {monitorDir}: {ex.Message}");
        }

        return run;
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

/// <summary>Stands in when the runner environment is unusable: collecting fails with the clear message, reporting only warns.</summary>
internal sealed class MisconfiguredHost(GitHubConfigurationException problem, WorkflowCommands commands) : IRunHost
{
    public string Name => "GitHub Actions";

    public Task<RunRecord> CollectAsync(CancellationToken cancellationToken = default) =>
        Task.FromException<RunRecord>(new GitHubConfigurationException(problem.Message));

    public Task ReportAsync(RunOutcome outcome, CancellationToken cancellationToken = default)
    {
        commands.Warning($"Pipewise could not report this run: {problem.Message}");
        return Task.CompletedTask;
    }
}
