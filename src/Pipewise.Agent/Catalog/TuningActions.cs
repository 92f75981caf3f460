namespace Pipewise.Agent.Catalog;

/// <summary>The tuning suggestions of the catalog: when each applies, and its snippet for GitHub Actions and for Azure Pipelines.</summary>
internal static class TuningActions
{
    public static IReadOnlyList<CatalogAction> All { get; } =
    [
        new(ActionCatalog.NoChange, ActionKind.Tuning, "No change", "always available: the pipeline is fine as it is", string.Empty, string.Empty),
        new(ActionCatalog.CacheDependencies, ActionKind.Tuning, "Cache dependencies",
            "a dependency install/restore step takes noticeable time and no cache step ran",
            CacheSnippets.GitHub(Ecosystem.Unknown),
            CacheSnippets.Azure(Ecosystem.Unknown)),
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
        new(ActionCatalog.TimeoutFromP99, ActionKind.Tuning, "Set a job timeout of {minutes} min (1.5 × the longest normal job)",
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
        new(ActionCatalog.RetryIntermittent, ActionKind.Tuning, "Retry intermittent failures (estimated success {success} %)",
            "failed runs passed when the same commit ran again, so the failures were not in the code",
            """
            # GitHub Actions has no job-level retry: wrap the command that fails now and then
            - uses: nick-fields/retry@v3
              with:
                max_attempts: 2
                timeout_minutes: 30
                command: <the command that fails intermittently, e.g. the test or install command>
            """,
            """
            - script: <the command that fails intermittently, e.g. the test or install command>
              retryCountOnTaskFailure: 1
            """),
        new(ActionCatalog.DurationRegression, ActionKind.Tuning, "Duration regression: +{pct} % since run {run} (commit {commit})",
            "a lasting step up in the pipeline's durations (a change point, not one slow run)",
            """
            # The first slow run built commit {commit}; the last fast one built {good}. Show what changed between them:
            - run: |
                git fetch --no-tags origin {good} {commit}
                git log --oneline {good}..{commit}
                git diff --stat {good} {commit}
            """,
            """
            # The first slow run built commit {commit}; the last fast one built {good}. Show what changed between them:
            - script: |
                git fetch --no-tags origin {good} {commit}
                git log --oneline {good}..{commit}
                git diff --stat {good} {commit}
              displayName: What changed since the regression
            """),
        new(ActionCatalog.QueueCapacity, ActionKind.Tuning, "Add runners or limit concurrency: queue time grows with concurrent runs",
            "runs that were queued while other runs of the pipeline ran waited much longer for a runner",
            """
            # Either let one run per branch at a time hold a runner (queued runs wait, older ones are not started twice) ...
            concurrency:
              group: ${{ github.workflow }}-${{ github.ref }}
            # ... or give the jobs more runners: a larger runner group or an autoscaling self-hosted pool
            # runs-on: [self-hosted, linux, autoscaled]
            """,
            """
            # Give the jobs more agents: an elastic (scale set) pool whose maximum covers the concurrent runs
            pool:
              name: <your scale-set agent pool>   # Project settings > Agent pools > maximum number of agents
            """),
    ];
}
