using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;
using Pipewise.Testing;

namespace Pipewise.GateService.Tests;

/// <summary>
/// Issue 17, "must hold": a seeded, bounded fuzz test of the gate request parser and the webhook parser against the
/// real service on 127.0.0.1. Valid bodies are mutated (bytes and JSON values); every answer must be a documented
/// status (no 5xx but 503), no unhandled exception may be logged, no secret may appear, and no request that names an
/// unknown or invalid pipeline may be allowed other than by the policy's no-history answer (issue 15: fail-open by
/// default, with its reason, on every endpoint alike).
/// </summary>
[TestClass]
public sealed class GateFuzzTests
{
    private static bool IsNoHistoryAnswer(string text) =>
        text.Contains("(no stored runs of this pipeline); failing open", StringComparison.Ordinal)
        || text.Contains("Pipewise has no stored runs of", StringComparison.Ordinal);

    public const int Seed = 17_2026;
    public const int Iterations = 2000;
    private const string GateKey = "fuzz-gate-key-5d1e";
    private const string WebhookSecret = "fuzz-webhook-secret-a9";
    private const string GitHubToken = "ghs_fuzztoken_77c";
    private static readonly PipelineKey Azure = new("azure-devops", "contoso", "web", "42");
    private static readonly PipelineKey GitHub = new("github", "octo-org", "shop", "deploy.yml");
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private static readonly string[] Hostile =
    [
        "", " ", "\t", "\n", "\u0000", "%20", "%2F", "..", "../../etc", "a/b", "azure-devops/ /web/42", "azure-devops/contoso/web/42/x",
        "azure-devops/contoso/web/43", "AZURE-DEVOPS/CONTOSO/WEB/42", "é", "\ud83d\ude00", "\u202e", "<script>", "\"", "\\", "::warning::x",
        new string('x', 5000), "1e309", "-1", "18446744073709551616", GateKey[..4],
    ];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(55_000, CooperativeCancellation = true)]
    public async Task GateAndWebhook_MutatedRequests_DocumentedAnswersOnly()
    {
        // The webhook seed follows GitHub's published schema of the event (no published example payload exists,
        // see shared/fixtures/github/webhooks/INDEX.md); without the schema the test has nothing to start from.
        var schema = JsonNode.Parse(File.ReadAllText(SharedFiles.Require("fixtures/github/webhooks/schemas-octokit/deployment_protection_rule.requested.schema.json")))!;
        var allowed = schema["properties"]!.AsObject().Select(p => p.Key).Concat(["sha", "ref"]).ToHashSet(StringComparer.Ordinal);
        var webhookSeeds = new[] { ProtectionRule(1005), ProtectionRule(1003, "staging") };
        foreach (var seed in webhookSeeds)
        {
            var unknown = JsonNode.Parse(seed)!.AsObject().Select(p => p.Key).Where(k => !allowed.Contains(k)).ToList();
            Assert.IsEmpty(unknown, "the seed uses only fields of the published schema (plus sha and ref, per the docs)");
        }

        string[] azureSeeds =
        [
            """{"pipeline":"azure-devops/contoso/web/42","runId":"1004"}""",
            """{"organization":"contoso","project":"web","pipelineId":"42"}""",
            """{"organization":"contoso","repository":"web","definitionId":42,"runId":1005,"provider":"azure-devops"}""",
        ];

        await FuzzAsync(new InMemoryStore(), null, Seed, Iterations, azureSeeds, new GatePolicyOptions { Mode = GateMode.Enforce });
    }

    [TestMethod]
    [Timeout(55_000, CooperativeCancellation = true)]
    public async Task GateAndWebhook_StoreFailsOrHangs_FailOpenAnswersOnly()
    {
        // The same mutated requests against a store that, seeded, throws on some calls and hangs on others (until the
        // request's store budget ends them): every answer is still documented, and a Pipewise failure is the policy's
        // fail-open answer (200, pass with the pipewise-error reason), never a bare 5xx.
        var chaos = new ChaoticStore(new InMemoryStore(), new Random(Seed + 1), failShare: 0.08, hangShare: 0.02);
        await FuzzAsync(chaos, chaos, Seed + 1, 400, AzureSeeds, new GatePolicyOptions { Mode = GateMode.Enforce }, TimeSpan.FromSeconds(2));
    }

    private static readonly string[] AzureSeeds =
    [
        """{"pipeline":"azure-devops/contoso/web/42","runId":"1004"}""",
        """{"organization":"contoso","project":"web","pipelineId":"42"}""",
        """{"organization":"contoso","repository":"web","definitionId":42,"runId":1005,"provider":"azure-devops"}""",
    ];

    private async Task FuzzAsync(IPipewiseStore store, ChaoticStore? chaos, int seed, int iterations, string[] azureSeeds, GatePolicyOptions policy, TimeSpan? requestTimeout = null)
    {
        await using var github = await ReplayServer.StartAsync();
        github.Map("POST", "/*", new ReplayResponse(204));
        var seeded = chaos?.Inner ?? store;
        await Runs.SeedAsync(seeded, Azure, 6);
        await Runs.SeedAsync(seeded, GitHub, 6);
        var errors = new ConcurrentQueue<string>();
        var env = new Dictionary<string, string?>
        {
            [GateServiceOptions.GateKeyVariable] = GateKey,
            [GateServiceOptions.WebhookSecretVariable] = WebhookSecret,
            [GateServiceOptions.GitHubTokenVariable] = GitHubToken,
            [GateServiceOptions.GitHubApiUrlVariable] = github.BaseUrl.ToString(),
        };
        await using var host = await GateServiceHost.StartAsync(
            new GateServiceDependencies { Store = store, Forecaster = new FakeForecaster(0.1), Logging = l => l.AddProvider(new ErrorCollector(errors)) },
            GateServiceOptions.FromEnvironment(n => env.GetValueOrDefault(n), policy) with { RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(10) },
            "http://127.0.0.1:0");
        if (chaos is not null)
        {
            chaos.Active = true;
        }

        var random = new Random(seed);
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var watch = Stopwatch.StartNew();
        var pipewiseErrors = 0;
        for (var i = 0; i < iterations; i++)
        {
            var azure = i % 2 == 0;
            var start = azure ? azureSeeds[random.Next(azureSeeds.Length)] : ProtectionRule(random.Next(10) == 0 ? random.Next() : 1001 + random.Next(6), $"env-{i}");
            var body = Mutate(random, start);
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.BaseUrl, azure ? "api/azure-devops/gate" : "api/github/webhook")) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            if (azure)
            {
                request.Headers.Add(GateServiceHost.GateKeyHeader, random.Next(20) == 0 ? GateKey[..^1] : GateKey);
            }
            else
            {
                request.Headers.Add("X-GitHub-Event", random.Next(20) == 0 ? "push" : "deployment_protection_rule");
                request.Headers.Add("X-GitHub-Delivery", $"fuzz-{i}");
                request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Sign(body, random.Next(20) == 0 ? "wrong" : WebhookSecret));
            }

            using var response = await Http.SendAsync(request, TestContext.CancellationToken);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(TestContext.CancellationToken);
            var what = $"#{i} {(azure ? "azure" : "webhook")} {status} for {Clip(Encoding.UTF8.GetString(body))} → {Clip(text)}";
            var key = $"{(azure ? "azure" : "webhook")} {status}";
            counts[key] = counts.GetValueOrDefault(key) + 1;

            Assert.IsTrue(status < 500 || (status == 503 && chaos is null), what + "\n" + string.Join("\n", errors));
            Assert.IsGreaterThan(0, text.Length, what);
            using (var json = JsonDocument.Parse(text))
            {
                var root = json.RootElement;
                var failOpen = root.TryGetProperty("reasons", out var reasons) && reasons.GetArrayLength() > 0 && reasons[0].GetProperty("code").GetString() == ReasonCodes.PipewiseError;
                if (failOpen)
                {
                    // A Pipewise failure: the policy's fail-open answer, a pass that lets the deployment go on.
                    pipewiseErrors++;
                    Assert.AreEqual("pass", root.GetProperty("verdict").GetString(), what);
                    Assert.IsTrue(root.TryGetProperty("allow", out var open) ? open.GetBoolean() : root.GetProperty("review").GetString() == "approved", what);
                }

                // Another pipeline is only ever allowed with the policy's no-history answer (fail-open by default, ADR 0011).
                if (azure && root.TryGetProperty("allow", out var allow) && allow.GetBoolean() && !IsNoHistoryAnswer(text) && !(chaos is not null && failOpen))
                {
                    Assert.AreEqual(Azure.ToString(), root.GetProperty("pipeline").GetString(), true, System.Globalization.CultureInfo.InvariantCulture, "only the stored pipeline is allowed: " + what);
                }

                if (!azure && root.TryGetProperty("review", out var review) && review.GetString() == "approved" && !IsNoHistoryAnswer(text) && !(chaos is not null && failOpen))
                {
                    Assert.AreEqual(GitHub.ToString(), root.GetProperty("pipeline").GetString(), true, System.Globalization.CultureInfo.InvariantCulture, "only the stored pipeline is approved: " + what);
                }
            }

            var all = text + string.Join('\n', response.Headers.Concat(response.Content.Headers).Select(h => h.Key + ": " + string.Join(',', h.Value)));
            foreach (var secret in new[] { GateKey, WebhookSecret, GitHubToken })
            {
                Assert.IsFalse(all.Contains(secret, StringComparison.Ordinal), "a secret in the answer: " + what);
            }
        }

        var metrics = await Http.GetStringAsync(new Uri(host.BaseUrl, "metrics"), TestContext.CancellationToken);
        var labels = metrics.Split('\n').Where(l => l.StartsWith("pipewise_gate_verdicts_total{", StringComparison.Ordinal)).ToList();
        TestContext.WriteLine($"seed {seed}, {iterations} requests{(chaos is null ? string.Empty : $", store calls {chaos.Calls}: {chaos.Failed} failed, {chaos.Hung} hung")}, {pipewiseErrors} fail-open answers, in {watch.Elapsed.TotalSeconds:0.0} s: {string.Join(", ", counts.Select(c => $"{c.Key}: {c.Value}"))}; {github.Requests.Count} reviews posted; metric series: {labels.Count}");
        Assert.IsEmpty(errors, string.Join("\n", errors));
        if (chaos is not null)
        {
            Assert.IsGreaterThan(0, chaos.Failed, "the store failed for some requests");
            Assert.IsGreaterThan(0, chaos.Hung, "the store hung for some requests");
            Assert.IsGreaterThan(0, pipewiseErrors, "some answers were the fail-open answer");
        }
        Assert.IsTrue(labels.All(l => l.Contains($"pipeline=\"{Azure}\"", StringComparison.OrdinalIgnoreCase) || l.Contains($"pipeline=\"{GitHub}\"", StringComparison.OrdinalIgnoreCase) || l.Contains($"pipeline=\"{GateMetrics.OtherPipelines}\"", StringComparison.Ordinal)), "only stored pipelines become metric labels:\n" + string.Join('\n', labels));
    }

    private static string Clip(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private static string ProtectionRule(long runId, string environment = "production") => $$$"""
        {"action":"requested","environment":"{{{environment}}}","event":"push","ref":"refs/heads/main","sha":"5275a45b7e99c7fd7265b790392c10a74101a67a",
         "deployment_callback_url":"https://api.github.com/repos/octo-org/shop/actions/runs/{{{runId}}}/deployment_protection_rule",
         "deployment":null,"pull_requests":[],
         "repository":{"id":1,"name":"shop","full_name":"octo-org/shop","owner":{"login":"octo-org","id":9}},
         "installation":{"id":35490125},"sender":{"login":"octocat","id":1}}
        """;

    private static byte[] Mutate(Random random, string seed)
    {
        var bytes = Encoding.UTF8.GetBytes(seed);
        switch (random.Next(8))
        {
            case 0:
                return bytes;
            case 1:
                var flipped = (byte[])bytes.Clone();
                for (var n = random.Next(1, 4); n > 0; n--)
                {
                    flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
                }

                return flipped;
            case 2:
                var at = random.Next(bytes.Length);
                byte[] junk = random.Next(2) == 0 ? [0xC3, 0x28] : [0xFF, (byte)random.Next(256), 0x80];
                return [.. bytes[..at], .. junk, .. bytes[at..]];
            case 3:
                return bytes[..random.Next(bytes.Length)];
            case 4:
                return Encoding.UTF8.GetBytes(new string('[', random.Next(1, 200)) + seed);
            default:
                var node = JsonNode.Parse(seed)!;
                for (var n = random.Next(1, 3); n > 0; n--)
                {
                    ReplaceValue(random, node);
                }

                return Encoding.UTF8.GetBytes(node.ToJsonString());
        }
    }

    private static void ReplaceValue(Random random, JsonNode root)
    {
        var objects = new List<JsonObject>();
        void Walk(JsonNode? n)
        {
            if (n is JsonObject o)
            {
                objects.Add(o);
                foreach (var (_, v) in o.ToList())
                {
                    Walk(v);
                }
            }
        }

        Walk(root);
        var target = objects[random.Next(objects.Count)];
        var keys = target.Select(p => p.Key).ToList();
        if (keys.Count == 0)
        {
            return;
        }

        var key = keys[random.Next(keys.Count)];
        target[key] = random.Next(6) switch
        {
            0 => null,
            1 => JsonValue.Create(random.Next(-5, 100_000)),
            2 => new JsonArray(),
            3 => new JsonObject(),
            4 => JsonValue.Create(target[key]?.ToJsonString() + Hostile[random.Next(Hostile.Length)]),
            _ => JsonValue.Create(Hostile[random.Next(Hostile.Length)]),
        };
    }

    /// <summary>
    /// A store that, once <see cref="Active"/>, fails (throws <see cref="StoreUnavailableException"/>) or hangs (until the
    /// call is cancelled) on a seeded share of its calls; the rest go to <see cref="Inner"/>.
    /// </summary>
    private sealed class ChaoticStore(InMemoryStore inner, Random random, double failShare, double hangShare) : IPipewiseStore
    {
        private readonly Lock gate = new();
        private int calls;
        private int failed;
        private int hung;

        public InMemoryStore Inner => inner;

        public bool Active { get; set; }

        public int Calls => Volatile.Read(ref calls);

        public int Failed => Volatile.Read(ref failed);

        public int Hung => Volatile.Read(ref hung);

        public string Description => "chaotic store";

        public Task<bool> AppendRunAsync(RunRecord run, CancellationToken cancellationToken = default) => Call(() => inner.AppendRunAsync(run, cancellationToken), cancellationToken);

        public Task<IReadOnlyList<RunRecord>> GetLastRunsAsync(PipelineKey pipeline, int count, StoreReadReport? report = null, CancellationToken cancellationToken = default) =>
            Call(() => inner.GetLastRunsAsync(pipeline, count, report, cancellationToken), cancellationToken);

        public async IAsyncEnumerable<RunRecord> ReadAllRunsAsync(PipelineKey pipeline, StoreReadReport? report = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Call(() => Task.FromResult(true), cancellationToken);
            await foreach (var run in inner.ReadAllRunsAsync(pipeline, report, cancellationToken))
            {
                yield return run;
            }
        }

        public Task<bool> ContainsRunAsync(RunKey key, CancellationToken cancellationToken = default) => Call(() => inner.ContainsRunAsync(key, cancellationToken), cancellationToken);

        public Task<IReadOnlyList<PipelineKey>> ListPipelinesAsync(CancellationToken cancellationToken = default) => Call(() => inner.ListPipelinesAsync(cancellationToken), cancellationToken);

        public Task<StoredDocument?> GetDocumentAsync(string path, CancellationToken cancellationToken = default) => Call(() => inner.GetDocumentAsync(path, cancellationToken), cancellationToken);

        public Task<string> PutDocumentAsync(string path, ReadOnlyMemory<byte> content, string? ifMatch, CancellationToken cancellationToken = default) =>
            Call(() => inner.PutDocumentAsync(path, content, ifMatch, cancellationToken), cancellationToken);

        public Task DeleteDocumentAsync(string path, CancellationToken cancellationToken = default) =>
            Call(async () => { await inner.DeleteDocumentAsync(path, cancellationToken); return true; }, cancellationToken);

        public Task<IReadOnlyList<string>> ListDocumentsAsync(string prefix, CancellationToken cancellationToken = default) => Call(() => inner.ListDocumentsAsync(prefix, cancellationToken), cancellationToken);

        public Task PutModelFileAsync(string model, string version, string file, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
            Call(async () => { await inner.PutModelFileAsync(model, version, file, content, cancellationToken); return true; }, cancellationToken);

        public Task<byte[]?> GetModelFileAsync(string model, string version, string file, CancellationToken cancellationToken = default) =>
            Call(() => inner.GetModelFileAsync(model, version, file, cancellationToken), cancellationToken);

        public Task<IReadOnlyList<string>> ListModelVersionsAsync(string model, CancellationToken cancellationToken = default) => Call(() => inner.ListModelVersionsAsync(model, cancellationToken), cancellationToken);

        public Task<StoredDocument?> GetCurrentModelAsync(string model, CancellationToken cancellationToken = default) => Call(() => inner.GetCurrentModelAsync(model, cancellationToken), cancellationToken);

        public Task<string> SetCurrentModelAsync(string model, string version, string? ifMatch, CancellationToken cancellationToken = default) =>
            Call(() => inner.SetCurrentModelAsync(model, version, ifMatch, cancellationToken), cancellationToken);

        private async Task<T> Call<T>(Func<Task<T>> next, CancellationToken cancellationToken)
        {
            if (!Active)
            {
                return await next();
            }

            double draw;
            lock (gate)
            {
                draw = random.NextDouble();
            }

            Interlocked.Increment(ref calls);
            if (draw < failShare)
            {
                Interlocked.Increment(ref failed);
                throw new StoreUnavailableException("The store is unavailable (injected): connection reset by peer.");
            }

            if (draw < failShare + hangShare)
            {
                Interlocked.Increment(ref hung);
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return await next();
        }
    }

    private sealed class ErrorCollector(ConcurrentQueue<string> errors) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Collector(categoryName, errors);

        public void Dispose()
        {
        }

        private sealed class Collector(string category, ConcurrentQueue<string> errors) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel >= LogLevel.Error)
                {
                    errors.Enqueue($"{category}: {formatter(state, exception)} {exception}");
                }
            }
        }
    }
}
