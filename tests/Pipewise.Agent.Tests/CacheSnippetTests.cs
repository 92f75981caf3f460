using Pipewise.Agent.Catalog;
using Pipewise.Core.Agent;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Tests;

[TestClass]
public sealed class CacheSnippetTests
{
    private static Suggestion CacheFor(string dependencyStep)
    {
        var run = Runs.Make(1, 600, dependencySeconds: 120);
        var job = run.Jobs[0];
        run = run with { Jobs = [job with { Steps = [.. job.Steps.Select(s => s.Name == "Install dependencies" ? s with { Name = dependencyStep } : s)] }] };
        var candidate = SuggestionRules.For(run, []).Single(c => c.ActionId == ActionCatalog.CacheDependencies);
        return ActionCatalog.ToSuggestion(candidate.ActionId, candidate.Evidence, candidate.ExpectedSavingSeconds, candidate.Values);
    }

    [TestMethod]
    [DataRow("Run go mod download", "actions/setup-go", "cache: true", "**/go.sum")]
    [DataRow("npm ci", "actions/setup-node", "cache: npm", "**/package-lock.json")]
    [DataRow("Install dependencies (yarn install --frozen-lockfile)", "actions/setup-node", "cache: yarn", "**/yarn.lock")]
    [DataRow("mvn -B dependency:go-offline", "actions/setup-java", "cache: maven", "**/pom.xml")]
    [DataRow("./gradlew dependencies", "actions/setup-java", "cache: gradle", "**/gradle-wrapper.properties")]
    [DataRow("dotnet restore", "actions/setup-dotnet", "packages.lock.json", "**/packages.lock.json")]
    public void ToSuggestion_DependencyStepOfEcosystem_SnippetsFitIt(string step, string action, string cache, string lockFile)
    {
        var s = CacheFor(step);

        StringAssert.Contains(s.GitHubSnippet, action);
        StringAssert.Contains(s.GitHubSnippet, cache);
        StringAssert.Contains(s.AzurePipelinesSnippet, "Cache@2");
        StringAssert.Contains(s.AzurePipelinesSnippet, lockFile, "the Cache@2 key hashes the lock file the ecosystem uses");
        Assert.DoesNotContain("~/.cache", s.GitHubSnippet + s.AzurePipelinesSnippet);
    }

    [TestMethod]
    public void ToSuggestion_UnknownEcosystem_BlanksToFillNotAGuess()
    {
        var s = CacheFor("Install dependencies");

        Assert.DoesNotContain("~/.cache", s.GitHubSnippet + s.AzurePipelinesSnippet);
        StringAssert.Contains(s.GitHubSnippet, "<your lock file>");
        StringAssert.Contains(s.AzurePipelinesSnippet, "<your lock file>");
    }

    [TestMethod]
    public void Detect_NoStepNameButLanguage_UsesLanguage()
    {
        Assert.AreEqual(Ecosystem.Go, CacheSnippets.Detect("Install dependencies", "go"));
        Assert.AreEqual(Ecosystem.Maven, CacheSnippets.Detect(null, "java"));
        Assert.AreEqual(Ecosystem.Unknown, CacheSnippets.Detect("Install dependencies"));
    }
}
