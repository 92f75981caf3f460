namespace Pipewise.Agent.Catalog;

/// <summary>
/// Cache snippets that fit the ecosystem the dependency step shows: the setup action's own cache on GitHub Actions
/// (<c>actions/setup-go</c> caches by default from v4, <c>setup-node</c> <c>cache: npm</c>, <c>setup-java</c>
/// <c>cache: maven|gradle</c>, …) and <c>Cache@2</c> keyed on the lock file that ecosystem actually uses, with the
/// tool pointed at the cached folder. Never a generic <c>~/.cache</c> guess: an unknown ecosystem gets a snippet with
/// the two blanks to fill.
/// </summary>
public static class CacheSnippets
{
    /// <summary>The ecosystem a step name or command shows, else <see cref="Ecosystem.Unknown"/>.</summary>
    public static Ecosystem Detect(string? text, string? language = null)
    {
        var n = (text ?? string.Empty).ToLowerInvariant();
        bool Has(string s) => n.Contains(s, StringComparison.Ordinal);
        return Has("go mod") || Has("go get") || Has("go build") ? Ecosystem.Go
            : Has("pnpm") ? Ecosystem.Pnpm
            : Has("yarn") ? Ecosystem.Yarn
            : Has("npm") ? Ecosystem.Npm
            : Has("gradle") ? Ecosystem.Gradle
            : Has("mvn") || Has("maven") ? Ecosystem.Maven
            : Has("pip") || Has("poetry") || Has("requirements") ? Ecosystem.Pip
            : Has("dotnet restore") || Has("nuget") ? Ecosystem.NuGet
            : Has("bundle") || Has("gem install") ? Ecosystem.Bundler
            : language?.ToLowerInvariant() switch
            {
                "go" => Ecosystem.Go,
                "java" => Ecosystem.Maven,
                "javascript" or "node" or "node_js" or "typescript" => Ecosystem.Npm,
                "python" => Ecosystem.Pip,
                "ruby" => Ecosystem.Bundler,
                "csharp" or "c#" or "dotnet" => Ecosystem.NuGet,
                _ => Ecosystem.Unknown,
            };
    }

    public static string GitHub(Ecosystem ecosystem) => ecosystem switch
    {
        Ecosystem.Go => """
            - uses: actions/setup-go@v5
              with:
                go-version-file: go.mod
                cache: true                 # caches the module and build caches, keyed on go.sum
            """,
        Ecosystem.Npm or Ecosystem.Yarn or Ecosystem.Pnpm => $"""
            - uses: actions/setup-node@v4
              with:
                node-version: 20
                cache: {Name(ecosystem)}                 # keyed on {LockFile(ecosystem)}
            """,
        Ecosystem.Maven or Ecosystem.Gradle => $"""
            - uses: actions/setup-java@v4
              with:
                distribution: temurin
                java-version: 17
                cache: {Name(ecosystem)}               # keyed on {LockFile(ecosystem)}
            """,
        Ecosystem.Pip => """
            - uses: actions/setup-python@v5
              with:
                python-version: '3.12'
                cache: pip                  # keyed on **/requirements*.txt
            """,
        Ecosystem.NuGet => """
            - uses: actions/setup-dotnet@v4
              with:
                cache: true                 # keyed on packages.lock.json (enable RestorePackagesWithLockFile)
                cache-dependency-path: '**/packages.lock.json'
            """,
        Ecosystem.Bundler => """
            - uses: ruby/setup-ruby@v1
              with:
                bundler-cache: true         # runs bundle install and caches it, keyed on Gemfile.lock
            """,
        _ => """
            - uses: actions/cache@v4
              with:
                path: <the folder your install step downloads packages into>
                key: deps-${{ runner.os }}-${{ hashFiles('<your lock file>') }}
                restore-keys: deps-${{ runner.os }}-
            """,
    };

    public static string Azure(Ecosystem ecosystem)
    {
        var (folder, variable) = ecosystem switch
        {
            Ecosystem.Go => ("$(Pipeline.Workspace)/.gomod", "GOMODCACHE"),
            Ecosystem.Npm => ("$(Pipeline.Workspace)/.npm", "npm_config_cache"),
            Ecosystem.Yarn => ("$(Pipeline.Workspace)/.yarn", "YARN_CACHE_FOLDER"),
            Ecosystem.Pnpm => ("$(Pipeline.Workspace)/.pnpm-store", "npm_config_store_dir"),
            Ecosystem.Maven => ("$(Pipeline.Workspace)/.m2/repository", "MAVEN_OPTS"),
            Ecosystem.Gradle => ("$(Pipeline.Workspace)/.gradle", "GRADLE_USER_HOME"),
            Ecosystem.Pip => ("$(Pipeline.Workspace)/.pip", "PIP_CACHE_DIR"),
            Ecosystem.NuGet => ("$(Pipeline.Workspace)/.nuget/packages", "NUGET_PACKAGES"),
            Ecosystem.Bundler => ("$(Pipeline.Workspace)/vendor/bundle", "BUNDLE_PATH"),
            _ => ("<the folder your install step downloads packages into>", string.Empty),
        };
        var value = ecosystem == Ecosystem.Maven ? $"-Dmaven.repo.local={folder}" : folder;
        var variables = variable.Length == 0 ? string.Empty : $"variables:\n  {variable}: {value}\n";
        return $"""
            {variables}steps:
              - task: Cache@2
                inputs:
                  key: '{Name(ecosystem)} | "$(Agent.OS)" | {LockFile(ecosystem)}'
                  restoreKeys: '{Name(ecosystem)} | "$(Agent.OS)"'
                  path: {folder}
            """;
    }

    private static string Name(Ecosystem ecosystem) => ecosystem switch
    {
        Ecosystem.Unknown => "deps",
        _ => ecosystem.ToString().ToLowerInvariant(),
    };

    /// <summary>The lock file that ecosystem resolves from (what the cache key must hash).</summary>
    public static string LockFile(Ecosystem ecosystem) => ecosystem switch
    {
        Ecosystem.Go => "**/go.sum",
        Ecosystem.Npm => "**/package-lock.json",
        Ecosystem.Yarn => "**/yarn.lock",
        Ecosystem.Pnpm => "**/pnpm-lock.yaml",
        Ecosystem.Maven => "**/pom.xml",
        Ecosystem.Gradle => "**/*.gradle*, **/gradle-wrapper.properties",
        Ecosystem.Pip => "**/requirements*.txt",
        Ecosystem.NuGet => "**/packages.lock.json",
        Ecosystem.Bundler => "**/Gemfile.lock",
        _ => "<your lock file>",
    };
}
