namespace Pipewise.Agent.Catalog;

/// <summary>The tuning suggestions of the catalog: when each applies, and its snippet for GitHub Actions and for Azure Pipelines.</summary>
internal static class TuningActions
{
    public static IReadOnlyList<CatalogAction> All { get; } =
    [
        new(ActionCatalog.NoChange, ActionKind.Tuning, "No change", "always available: the pipeline is fine as it is", string.Empty, string.Empty),
        new(ActionCatalog.CacheDependencies, ActionKind.Tuning, "Cache dependencies",
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
        new(ActionCatalog.ShardTests, ActionKind.Tuning, "Shard tests over {n} jobs",
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
        new(ActionCatalog.CancelSuperseded, ActionKind.Tuning, "Cancel superseded runs",
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
        new(ActionCatalog.ShallowClone, ActionKind.Tuning, "Shallow clone",
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
        new(ActionCatalog.PathFilters, ActionKind.Tuning, "Skip docs-only changes with path filters",
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
        new(ActionCatalog.LargerRunner, ActionKind.Tuning, "Use a larger runner",
            "CPU-bound steps (build, test) dominate and CPU was saturated or the runner is small",
            """
            runs-on: ubuntu-latest-8-cores   # a larger GitHub-hosted runner label configured for your organisation
            """,
            """
            pool:
              name: large-agents             # a pool of larger self-hosted or scale-set agents
            """),
        new(ActionCatalog.SmallerRunner, ActionKind.Tuning, "Use a smaller runner",
            "the runner is large but the run is short or not CPU-bound, so most of its cost is waste",
            """
            runs-on: ubuntu-latest
            """,
            """
            pool:
              vmImage: ubuntu-latest
            """),
        new(ActionCatalog.TimeoutFromP99, ActionKind.Tuning, "Set a timeout from the observed p99 ({minutes} min)",
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
        new(ActionCatalog.RetryFlakyStep, ActionKind.Tuning, "Retry the intermittently failing step '{step}'",
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
    ];
}
