namespace Pipewise.Agent.Catalog;

/// <summary>The package ecosystem a dependency step shows (by its name or command), which decides the cache snippet.</summary>
public enum Ecosystem
{
    Unknown,
    Go,
    Npm,
    Yarn,
    Pnpm,
    Maven,
    Gradle,
    Pip,
    NuGet,
    Bundler,
}
