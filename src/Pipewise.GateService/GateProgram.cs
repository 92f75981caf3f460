using System.CommandLine;
using Microsoft.Extensions.Logging;
using Pipewise.Composition;
using Pipewise.Composition.CommandLine;
using Pipewise.Core.Assessment;
using Pipewise.Core.Gate;
using Pipewise.Core.Storage;
using Pipewise.Storage;

namespace Pipewise.GateService;

/// <summary>
/// <c>pipewise-gate</c>: the gate service's command line. Secrets come only from the environment (see
/// <see cref="GateServiceOptions"/>); every other setting is a flag, or <c>PIPEWISE_STORE</c> for the store.
/// </summary>
public static class GateProgram
{
    public static RootCommand Build()
    {
        var store = new Option<string>("--store")
        {
            Description = "Where Pipewise keeps runs, models and agent state (as for pipewise): a folder (default ./.pipewise), a file: URI, an Azure Storage connection string, a container URL with SAS, or a container URL. Also read from PIPEWISE_STORE.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("PIPEWISE_STORE") is { Length: > 0 } s ? s : StoreFactory.DefaultSpec,
        };
        var urls = new Option<string>("--urls") { Description = "Where to listen, e.g. http://127.0.0.1:8080 (several separated by ';'). Put TLS in front (reverse proxy) when exposed.", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var model = new Option<string?>("--model") { Description = "A model folder (model.onnx + manifest.json) to use instead of the store's current model or the shipped default." };
        var policy = new PolicyOptionSet();
        var root = new RootCommand(
            "pipewise-gate: the Pipewise gate service. POST /api/azure-devops/gate (Invoke REST API gate), POST /api/github/webhook (deployment protection rule), /healthz, /metrics, /dashboard (the fleet) and /dashboard/pipeline?key=…; /metrics and the dashboard are open only while every --urls address is loopback, otherwise they need " + GateServiceOptions.DashboardTokenVariable + " (HTTP Basic password or Bearer), and " + GateServiceOptions.DashboardVariable + "=off turns them off. " +
            $"Secrets come only from the environment: {GateServiceOptions.GateKeyVariable}, {GateServiceOptions.WebhookSecretVariable}, {GateServiceOptions.GitHubAppIdVariable} + {GateServiceOptions.GitHubAppPrivateKeyVariable} (or {GateServiceOptions.GitHubTokenVariable}); {GateServiceOptions.GitHubApiUrlVariable} for GitHub Enterprise Server; {GateServiceOptions.DashboardTokenVariable}. " +
            "OTEL_EXPORTER_OTLP_ENDPOINT (and the other OTEL_* variables) exports every run collected by webhook as an OpenTelemetry trace and metrics. " +
            "Exit codes: 0 stopped, 2 bad settings, store or address.");
        root.Options.Add(store);
        root.Options.Add(urls);
        root.Options.Add(model);
        policy.AddTo(root);
        root.SetAction((parse, ct) => ServeAsync(parse.GetValue(store)!, parse.GetValue(urls)!, parse.GetValue(model), () => policy.Build(parse), ct));
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"pipewise-gate: {error.Message}").ConfigureAwait(false);
            }

            return ExitCodes.UsageError;
        }

        return await parse.InvokeAsync().ConfigureAwait(false);
    }

    private static async Task<int> ServeAsync(string storeSpec, string urls, string? modelDirectory, Func<GatePolicyOptions> buildPolicy, CancellationToken ct)
    {
        GateServiceOptions service;
        PipewiseComponents parts;
        Pipewise.Telemetry.Otlp.OtlpSettings? otlp;
        try
        {
            service = GateServiceOptions.FromEnvironment(null, buildPolicy()) with { ReadFleetAtStart = true };
            otlp = Pipewise.Telemetry.Otlp.OtlpSettings.From(Environment.GetEnvironmentVariable);
            var store = new DeadlineStore(StoreFactory.Open(storeSpec), Timeout.InfiniteTimeSpan, TimeProvider.System);
            parts = await PipewiseComponents.ForStoreAsync(store, new PipewiseSettings { Store = storeSpec, ModelDirectory = modelDirectory }, TimeProvider.System, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or StoreUnavailableException or IOException)
        {
            await Console.Error.WriteLineAsync($"pipewise-gate: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        foreach (var note in parts.Notes)
        {
            Console.WriteLine($"pipewise-gate: {note}");
        }

        var dependencies = new GateServiceDependencies
        {
            Store = parts.Store,
            Forecaster = parts.Forecaster,
            Predictions = parts.Predictions,
            Agent = parts.Agent,
            Verdicts = null, // the host's own store verdict log, compacted in the background rather than in line
            AgentPolicies = parts.AgentPolicies,
            Insights = parts.Insights,
            Otlp = otlp,
            Time = parts.Time,
            Logging = b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft.AspNetCore", LogLevel.Warning),
        };
        GateServiceHost host;
        try
        {
            host = await GateServiceHost.StartAsync(dependencies, service, urls, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or FormatException or UriFormatException)
        {
            await Console.Error.WriteLineAsync($"pipewise-gate: could not listen on {urls}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        await using (host.ConfigureAwait(false))
        {
            Console.WriteLine($"pipewise-gate: listening on {string.Join(", ", host.Addresses)} with store {parts.Store.Description}; {service}");
            if (service.GateKey is null)
            {
                Console.WriteLine($"pipewise-gate: {GateServiceOptions.GateKeyVariable} is not set: the Azure DevOps gate answers 503.");
            }

            if (service.GitHubWebhookSecret is null)
            {
                Console.WriteLine($"pipewise-gate: {GateServiceOptions.WebhookSecretVariable} is not set: the GitHub webhook answers 503.");
            }

            try
            {
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine("pipewise-gate: stopping.");
            }
        }

        return ExitCodes.Ok;
    }
}
