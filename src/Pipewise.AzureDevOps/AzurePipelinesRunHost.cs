using Pipewise.AzureDevOps.Pipelines;
using Pipewise.AzureDevOps.Rest;
using Pipewise.Core.Hosting;
using Pipewise.Core.Runs;
using Pipewise.Hosting;
using Pipewise.Hosting.Monitoring;
using Pipewise.Hosting.Secrets;

namespace Pipewise.AzureDevOps;

/// <summary>
/// The Azure Pipelines agent as the run loop sees it: collects the current build (or classic release) through the
/// REST API with the job token, adds test-result files and resource samples as on every CI host
/// (<see cref="RunEnricher"/>), and reports through logging commands, a PR status and one PR comment. It registers the
/// run's secrets with the agent (<c>##vso[task.setsecret]</c>) as soon as it is created.
/// </summary>
public sealed class AzurePipelinesRunHost : IRunHost, IDisposable
{
    private readonly AzurePipelinesEnvironment env;
    private readonly RunHostSettings settings;
    private readonly AzurePipelinesCollector collector;
    private readonly AzurePipelinesReporter reporter;
    private readonly LoggingCommands log;
    private readonly IDisposable? owned;

    private AzurePipelinesRunHost(IAzureDevOpsClient client, AzurePipelinesEnvironment environment, RunHostSettings settings, LoggingCommands log, SecretMasker masker, IDisposable? owned)
    {
        env = environment;
        this.settings = settings;
        this.log = log;
        this.owned = owned;
        collector = new AzurePipelinesCollector(client, env, message => log.LogIssue(false, message));
        reporter = new AzurePipelinesReporter(
            client,
            env,
            new AzurePipelinesReporterOptions { PostStatus = settings.PostStatus, PostComment = settings.PostComment },
            settings.Output,
            masker);
        Client = client;
    }

    public string Name => "Azure Pipelines";

    public IAzureDevOpsClient Client { get; }

    public AzurePipelinesEnvironment Environment => env;

    /// <summary>The factory for TF_BUILD=True or --host azure-devops, with a masker of its own; see <see cref="CreateHost"/>.</summary>
    /// <remarks>
    /// Never throws for a missing variable or token: it returns a host whose <see cref="IRunHost.CollectAsync"/>
    /// throws the clear message, so that the run loop reports it and its fail-open handling (and exit codes) apply.
    /// </remarks>
    public static IRunHost Create(RunHostSettings settings) => Create(settings, masker: null);

    /// <summary>As <see cref="Create(RunHostSettings)"/>, with the run's masker (<see cref="AzurePipelinesHost"/>).</summary>
    internal static IRunHost Create(RunHostSettings settings, SecretMasker? masker)
    {
        ArgumentNullException.ThrowIfNull(settings);
        masker ??= SecretMasker.ForRun(settings.Token, settings.Environment);
        try
        {
            return CreateHost(settings, null, masker);
        }
        catch (InvalidOperationException ex)
        {
            var log = new LoggingCommands(settings.Output, masker);
            masker.OnSecret(log.SetSecret);
            return new UnavailableHost(ex.Message, log);
        }
    }

    /// <summary>
    /// Creates the host from the job's environment. The collection URL comes from <see cref="RunHostSettings.ApiBaseUrl"/>
    /// (tests) or SYSTEM_COLLECTIONURI; the token from <see cref="RunHostSettings.Token"/>, SYSTEM_ACCESSTOKEN, the
    /// SystemVssConnection endpoint (job token, Bearer) or AZURE_DEVOPS_EXT_PAT (PAT, Basic). PIPEWISE_AZDO_AUTH
    /// (bearer | pat) states the kind of a token given in settings when guessing is not wanted.
    /// </summary>
    /// <exception cref="InvalidOperationException">No collection URL or no token.</exception>
    internal static AzurePipelinesRunHost CreateHost(RunHostSettings settings, AzureDevOpsClientOptions? clientOptions, SecretMasker? masker = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var env = AzurePipelinesEnvironment.From(settings.Environment);
        var collection = settings.ApiBaseUrl ?? env.CollectionUri
            ?? throw new InvalidOperationException(
                "Azure Pipelines host: SYSTEM_COLLECTIONURI is not set. Run Pipewise inside an Azure Pipelines job (TF_BUILD=True) or pass the collection URL.");
        env = env with { CollectionUri = env.CollectionUri ?? collection };
        var credential = Credential(settings, env);
        masker ??= SecretMasker.ForRun(settings.Token, settings.Environment);
        masker.Add(credential.Token);
        var log = new LoggingCommands(settings.Output, masker);
        masker.OnSecret(log.SetSecret);

        var factory = new AzureDevOpsClientFactory(clientOptions);
        var client = factory.Create(new AzureDevOpsConnection(collection, credential));
        return new AzurePipelinesRunHost(client, env, settings, log, masker, factory);
    }

    public async Task<RunRecord> CollectAsync(CancellationToken cancellationToken = default)
    {
        var run = await collector.CollectAsync(cancellationToken).ConfigureAwait(false);
        var files = new RunEnricher
        {
            TestResultsGlob = settings.TestResultsGlob,
            BaseDirectory = env.DefaultWorkingDirectory ?? Directory.GetCurrentDirectory(),
            MonitorDirectory = ResourceMonitor.DefaultDirectory(settings.Environment),
            Log = log.Line,
        };
        return files.AddTo(run);
    }

    public async Task ReportAsync(RunOutcome outcome, CancellationToken cancellationToken = default)
    {
        try
        {
            await reporter.ReportAsync(outcome, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Fail-open: reporting never breaks the pipeline.
            try
            {
                log.LogIssue(false, $"Pipewise could not report this run (the pipeline goes on): {ex.Message}");
            }
            catch (IOException)
            {
            }
        }
    }

    public Task ReportCollectionFailureAsync(CollectionFailure failure, CancellationToken cancellationToken = default)
    {
        FailureReport.Write(log, failure);
        return Task.CompletedTask;
    }

    public void Dispose() => owned?.Dispose();

    private static AzureDevOpsCredential Credential(RunHostSettings settings, AzurePipelinesEnvironment env)
    {
        settings.Environment.TryGetValue("PIPEWISE_AZDO_AUTH", out var declared);
        if (!string.IsNullOrWhiteSpace(settings.Token))
        {
            return AzureDevOpsCredential.Detect(settings.Token, declared);
        }

        if (!string.IsNullOrWhiteSpace(env.AccessToken))
        {
            return new AzureDevOpsCredential(env.AccessToken, AzureDevOpsAuthScheme.JobToken);
        }

        if (settings.Environment.TryGetValue("AZURE_DEVOPS_EXT_PAT", out var pat) && !string.IsNullOrWhiteSpace(pat))
        {
            return new AzureDevOpsCredential(pat, AzureDevOpsAuthScheme.PersonalAccessToken);
        }

        throw new InvalidOperationException(
            "Azure Pipelines host: no token. The Pipewise task reads the job token from the SystemVssConnection endpoint; " +
            "in a script step map it with `env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)`, or set AZURE_DEVOPS_EXT_PAT to a personal access token.");
    }
}
