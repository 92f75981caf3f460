using Pipewise.AzureDevOps.Pipelines;
using Pipewise.AzureDevOps.Rest;
using Pipewise.Core.Hosting;
using Pipewise.Core.Runs;

namespace Pipewise.AzureDevOps;

/// <summary>
/// The Azure Pipelines agent as the run loop sees it: collects the current build (or classic release) through the
/// REST API with the job token and reports through logging commands, a PR status and one PR comment.
/// <c>pipewise run</c> creates it with <see cref="Create"/> when TF_BUILD=True or <c>--host azure-devops</c>.
/// </summary>
public sealed class AzurePipelinesRunHost : IRunHost, IDisposable
{
    private readonly AzurePipelinesEnvironment env;
    private readonly AzurePipelinesCollector collector;
    private readonly AzurePipelinesReporter reporter;
    private readonly LoggingCommands log;
    private readonly string? secret;
    private readonly IDisposable? owned;
    private bool masked;

    internal AzurePipelinesRunHost(IAzureDevOpsClient client, AzurePipelinesEnvironment environment, RunHostSettings settings, string? secret, IDisposable? owned = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        env = environment ?? throw new ArgumentNullException(nameof(environment));
        this.secret = secret;
        this.owned = owned;
        log = new LoggingCommands(settings.Output);
        collector = new AzurePipelinesCollector(client, env, message => log.LogIssue(false, message));
        reporter = new AzurePipelinesReporter(
            client,
            env,
            new AzurePipelinesReporterOptions { PostStatus = settings.PostStatus, PostComment = settings.PostComment },
            settings.Output);
        Client = client;
    }

    public string Name => "Azure Pipelines";

    public IAzureDevOpsClient Client { get; }

    public AzurePipelinesEnvironment Environment => env;

    /// <summary>
    /// Creates the host from the job's environment. The collection URL comes from <see cref="RunHostSettings.ApiBaseUrl"/>
    /// (tests) or SYSTEM_COLLECTIONURI; the token from <see cref="RunHostSettings.Token"/>, SYSTEM_ACCESSTOKEN, the
    /// SystemVssConnection endpoint (job token, Bearer) or AZURE_DEVOPS_EXT_PAT (PAT, Basic). PIPEWISE_AZDO_AUTH
    /// (bearer | pat) states the kind of a token given in settings when guessing is not wanted.
    /// </summary>
    /// <remarks>
    /// Never throws for a missing variable or token: it returns a host whose <see cref="IRunHost.CollectAsync"/>
    /// throws the clear message, so that the run loop's fail-open handling (and exit codes) apply.
    /// </remarks>
    public static IRunHost Create(RunHostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        try
        {
            return CreateHost(settings, null);
        }
        catch (InvalidOperationException ex)
        {
            return new UnavailableHost(ex.Message, settings.Output);
        }
    }

    internal static AzurePipelinesRunHost CreateHost(RunHostSettings settings, AzureDevOpsClientOptions? clientOptions)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var env = AzurePipelinesEnvironment.From(settings.Environment);
        var collection = settings.ApiBaseUrl ?? env.CollectionUri
            ?? throw new InvalidOperationException(
                "Azure Pipelines host: SYSTEM_COLLECTIONURI is not set. Run Pipewise inside an Azure Pipelines job (TF_BUILD=True) or pass the collection URL.");
        if (env.CollectionUri is null)
        {
            env = env with { CollectionUri = collection };
        }

        settings.Environment.TryGetValue("PIPEWISE_AZDO_AUTH", out var declared);
        AzureDevOpsCredential credential;
        if (!string.IsNullOrWhiteSpace(settings.Token))
        {
            credential = AzureDevOpsCredential.Detect(settings.Token, declared);
        }
        else if (!string.IsNullOrWhiteSpace(env.AccessToken))
        {
            credential = new AzureDevOpsCredential(env.AccessToken, AzureDevOpsAuthScheme.JobToken);
        }
        else if (settings.Environment.TryGetValue("AZURE_DEVOPS_EXT_PAT", out var pat) && !string.IsNullOrWhiteSpace(pat))
        {
            credential = new AzureDevOpsCredential(pat, AzureDevOpsAuthScheme.PersonalAccessToken);
        }
        else
        {
            throw new InvalidOperationException(
                "Azure Pipelines host: no token. The Pipewise task reads the job token from the SystemVssConnection endpoint; " +
                "in a script step map it with `env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)`, or set AZURE_DEVOPS_EXT_PAT to a personal access token.");
        }

        var factory = new AzureDevOpsClientFactory(clientOptions);
        var client = factory.Create(new AzureDevOpsConnection(collection, credential));
        return new AzurePipelinesRunHost(client, env, settings, credential.Token, factory);
    }

    public async Task<RunRecord> CollectAsync(CancellationToken cancellationToken = default)
    {
        MaskOnce();
        return await collector.CollectAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task ReportAsync(RunOutcome outcome, CancellationToken cancellationToken = default)
    {
        try
        {
            MaskOnce();
            await reporter.ReportAsync(outcome, null, cancellationToken).ConfigureAwait(false);
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

    public void Dispose() => owned?.Dispose();

    private void MaskOnce()
    {
        if (!masked && !string.IsNullOrEmpty(secret))
        {
            log.SetSecret(secret);
        }

        masked = true;
    }
}

/// <summary>The Azure Pipelines host when it cannot be set up: collecting fails with the reason, reporting warns.</summary>
internal sealed class UnavailableHost(string reason, TextWriter output) : IRunHost
{
    public string Name => "Azure Pipelines";

    public Task<RunRecord> CollectAsync(CancellationToken cancellationToken = default) =>
        Task.FromException<RunRecord>(new InvalidOperationException(reason));

    public Task ReportAsync(RunOutcome outcome, CancellationToken cancellationToken = default)
    {
        try
        {
            new LoggingCommands(output).LogIssue(false, "Pipewise could not report this run: " + reason);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }
}
