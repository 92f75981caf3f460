using System.Globalization;
using Pipewise.Core.Agent;

namespace Pipewise.Agent.Catalog;

/// <summary>The kind of an action: a build tuning suggestion or a deployment strategy.</summary>
public enum ActionKind
{
    Tuning,
    Deployment,
}

/// <summary>One entry of the finite action catalog (documented in docs/agent.md).</summary>
public sealed record CatalogAction(
    string Id,
    ActionKind Kind,
    string Title,
    string Trigger,
    string GitHubSnippet,
    string AzurePipelinesSnippet);

/// <summary>The finite, documented set of actions the agent can suggest.</summary>
public static class ActionCatalog
{
    public const string NoChange = "no-change";
    public const string CacheDependencies = "cache-dependencies";
    public const string ShardTests = "shard-tests";
    public const string CancelSuperseded = "cancel-superseded";
    public const string ShallowClone = "shallow-clone";
    public const string PathFilters = "path-filters";
    public const string LargerRunner = "larger-runner";
    public const string SmallerRunner = "smaller-runner";
    public const string TimeoutFromP99 = "timeout-p99";
    public const string RetryFlakyStep = "retry-flaky-step";
    public const string DeployProceed = "deploy-proceed";
    public const string DeployCanary = "deploy-canary";
    public const string DeployBlueGreen = "deploy-blue-green";
    public const string DeployHold = "deploy-hold";

    public static IReadOnlyList<CatalogAction> All { get; } =
    [
        new(NoChange, ActionKind.Tuning, "No change", "always available: the pipeline is fine as it is", string.Empty, string.Empty),
        new(CacheDependencies, ActionKind.Tuning, "Cache dependencies",
            "a dependency install/restore step takes noticeable time and no cache step ran",
            """
            - uses: actions/cache@v4
              with:
                path: ~/.cache        # e.g. ~/.npm, ~/.m2/repository, ~/go/pkg/mod, ~/.nuget/packages
                key: deps-${{ runner.os }}-${{ hashFiles('**/package-lock.json', '**/pom.xml', '**/go.sum', '**/packages.lock.json') }}
                restore-keys: deps-${{ runner.os }}-
            """,
            """
            - task: Cache@2
              inputs:
                key: 'deps | "$(Agent.OS)" | **/package-lock.json, **/pom.xml, **/go.sum, **/packages.lock.json'
                restoreKeys: 'deps | "$(Agent.OS)"'
                path: $(Pipeline.Workspace)/.cache
            """),
        new(ShardTests, ActionKind.Tuning, "Shard tests over {n} jobs",
            "tests take a large share of the run and run in one job; n = √(test time / per-job overhead)",
            """
            strategy:
              matrix:
                shard: [{shards}]
            steps:
              - run: ./run-tests --shard ${{ matrix.shard }}/{n}
            """,
            """
            strategy:
              parallel: {n}
            steps:
              - script: ./run-tests --shard $(System.JobPositionInPhase)/$(System.TotalJobsInPhase)
            """),
        new(CancelSuperseded, ActionKind.Tuning, "Cancel superseded runs",
            "several runs of the same branch overlapped and the older ones kept running",
            """
            concurrency:
              group: ${{ github.workflow }}-${{ github.ref }}
              cancel-in-progress: true
            """,
            """
            trigger:
              batch: true
              branches:
                include: [ main ]
            """),
        new(ShallowClone, ActionKind.Tuning, "Shallow clone",
            "the checkout step takes noticeable time (full history fetched)",
            """
            - uses: actions/checkout@v4
              with:
                fetch-depth: 1
            """,
            """
            steps:
              - checkout: self
                fetchDepth: 1
            """),
        new(PathFilters, ActionKind.Tuning, "Skip docs-only changes with path filters",
            "recent runs were triggered by changes that touched documentation only",
            """
            on:
              push:
                paths-ignore: [ 'docs/**', '**/*.md' ]
              pull_request:
                paths-ignore: [ 'docs/**', '**/*.md' ]
            """,
            """
            trigger:
              paths:
                exclude: [ docs/*, '*.md' ]
            pr:
              paths:
                exclude: [ docs/*, '*.md' ]
            """),
        new(LargerRunner, ActionKind.Tuning, "Use a larger runner",
            "CPU-bound steps (build, test) dominate and CPU was saturated or the runner is small",
            """
            runs-on: ubuntu-latest-8-cores   # a larger GitHub-hosted runner label configured for your organisation
            """,
            """
            pool:
              name: large-agents             # a pool of larger self-hosted or scale-set agents
            """),
        new(SmallerRunner, ActionKind.Tuning, "Use a smaller runner",
            "the runner is large but the run is short or not CPU-bound, so most of its cost is waste",
            """
            runs-on: ubuntu-latest
            """,
            """
            pool:
              vmImage: ubuntu-latest
            """),
        new(TimeoutFromP99, ActionKind.Tuning, "Set a timeout from the observed p99 ({minutes} min)",
            "no job timeout shorter than the platform default, and some runs hung far beyond the usual duration",
            """
            jobs:
              build:
                timeout-minutes: {minutes}
            """,
            """
            jobs:
              - job: build
                timeoutInMinutes: {minutes}
            """),
        new(RetryFlakyStep, ActionKind.Tuning, "Retry the intermittently failing step '{step}'",
            "the step failed without failing tests or compile errors, and re-runs of such failures usually passed",
            """
            - uses: nick-fields/retry@v3
              with:
                max_attempts: 2
                timeout_minutes: {minutes}
                command: <the command of step '{step}'>
            """,
            """
            - script: <the command of step '{step}'>
              retryCountOnTaskFailure: 1
            """),
        new(DeployProceed, ActionKind.Deployment, "Deploy: proceed", "low forecast failure risk", string.Empty, string.Empty),
        new(DeployCanary, ActionKind.Deployment, "Deploy: canary first",
            "elevated failure risk or unusual duration: expose a small share of traffic first",
            """
            # GitHub: deploy to a 'canary' environment first, then to production after checks pass
            jobs:
              canary:
                environment: canary
              production:
                needs: canary
                environment: production
            """,
            """
            strategy:
              canary:
                increments: [ 10, 50 ]
                deploy:
                  steps:
                    - script: ./deploy.sh
            """),
        new(DeployBlueGreen, ActionKind.Deployment, "Deploy: blue-green",
            "elevated failure risk where an instant switch-back matters more than the cost of a second environment",
            """
            # deploy to the idle slot ('green'), smoke-test it, then swap
            - run: ./deploy.sh --slot green && ./smoke-test.sh green && ./swap-slots.sh
            """,
            """
            - task: AzureAppServiceManage@0
              inputs:
                Action: 'Swap Slots'
                SourceSlot: staging
            """),
        new(DeployHold, ActionKind.Deployment, "Deploy: hold for review",
            "high forecast failure risk: a person should look before this deploys",
            """
            environment: production   # add required reviewers to this environment
            """,
            """
            # add an Approvals check to the production environment
            environment: production
            """),
    ];

    private static readonly Dictionary<string, CatalogAction> ById = All.ToDictionary(a => a.Id, StringComparer.Ordinal);

    public static IReadOnlyList<string> TuningIds { get; } = [.. All.Where(a => a.Kind == ActionKind.Tuning).Select(a => a.Id)];

    public static IReadOnlyList<string> DeploymentIds { get; } = [DeployProceed, DeployCanary, DeployBlueGreen, DeployHold];

    public static CatalogAction Get(string id) =>
        ById.TryGetValue(id, out var action) ? action : throw new ArgumentException($"Unknown catalog action '{id}'.", nameof(id));

    public static bool IsKnown(string id) => ById.ContainsKey(id);

    public static string ToActionId(DeploymentStrategy strategy) => strategy switch
    {
        DeploymentStrategy.Proceed => DeployProceed,
        DeploymentStrategy.Canary => DeployCanary,
        DeploymentStrategy.BlueGreen => DeployBlueGreen,
        _ => DeployHold,
    };

    public static DeploymentStrategy ToStrategy(string actionId) => actionId switch
    {
        DeployProceed => DeploymentStrategy.Proceed,
        DeployCanary => DeploymentStrategy.Canary,
        DeployBlueGreen => DeploymentStrategy.BlueGreen,
        DeployHold => DeploymentStrategy.Hold,
        _ => throw new ArgumentException($"'{actionId}' is not a deployment action.", nameof(actionId)),
    };

    /// <summary>How strict a strategy is: Proceed 0 &lt; Canary 1 &lt; BlueGreen 2 &lt; Hold 3.</summary>
    public static int Strictness(DeploymentStrategy strategy) => strategy switch
    {
        DeploymentStrategy.Proceed => 0,
        DeploymentStrategy.Canary => 1,
        DeploymentStrategy.BlueGreen => 2,
        _ => 3,
    };

    /// <summary>Builds the suggestion shown to users, with placeholders filled from the evidence.</summary>
    public static Suggestion ToSuggestion(string actionId, string evidence, double? expectedSaving, IReadOnlyDictionary<string, string>? values = null)
    {
        var action = Get(actionId);
        string Fill(string text)
        {
            if (values is null)
            {
                return text;
            }

            foreach (var (key, value) in values)
            {
                text = text.Replace("{" + key + "}", value, StringComparison.Ordinal);
            }

            return text;
        }

        return new Suggestion
        {
            ActionId = action.Id,
            Title = Fill(action.Title),
            Evidence = evidence,
            GitHubSnippet = action.GitHubSnippet.Length == 0 ? null : Fill(action.GitHubSnippet),
            AzurePipelinesSnippet = action.AzurePipelinesSnippet.Length == 0 ? null : Fill(action.AzurePipelinesSnippet),
            ExpectedSavingSeconds = expectedSaving is { } s ? Math.Round(s, 1) : null,
        };
    }

    internal static string Format(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
