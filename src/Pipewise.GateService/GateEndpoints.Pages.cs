using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;
using Pipewise.Dashboard;
using Pipewise.Dashboard.Fleet;
using Pipewise.Dashboard.Pages;
using Pipewise.Dashboard.Pipeline;

namespace Pipewise.GateService;

/// <summary>GET /healthz, /metrics, /dashboard (the fleet overview) and /dashboard/pipeline?key=… (one pipeline).</summary>
internal sealed partial class GateEndpoints
{
    private readonly PageAccess pageAccess = new(options);

    private readonly FleetSnapshotCache fleet = new(
        ct => FleetLoader.LoadAsync(dependencies.Store, verdicts, dependencies.Insights, time, ct), time);

    /// <summary>How long an overview request waits for a first fleet read before answering "still loading".</summary>
    private TimeSpan FleetWait => options.RequestTimeout / 2;

    private DashboardSources Sources => new()
    {
        Store = dependencies.Store,
        Forecaster = dependencies.Forecaster,
        Predictions = dependencies.Predictions,
        Verdicts = verdicts,
        AgentPolicies = dependencies.AgentPolicies,
        Insights = dependencies.Insights,
        Time = time,
    };

    /// <summary>
    /// Starts reading the fleet as the service starts, so that the first person to open the overview finds it ready;
    /// only when the dashboard can be served at all (on, and open on loopback or protected by a token).
    /// </summary>
    public void StartFleetRead(bool loopbackOnly)
    {
        if (options.ReadFleetAtStart && options.DashboardEnabled && (loopbackOnly || options.DashboardToken is not null))
        {
            _ = fleet.GetAsync(TimeSpan.Zero, CancellationToken.None);
        }
    }

    public async Task HealthAsync(HttpContext context)
    {
        var body = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{{\"status\":\"ok\",\"model\":{(assessor.HasModel ? "true" : "false")},\"mode\":\"{GatePolicyFile.ModeName(options.Policy.Mode)}\"}}"));
        await WriteAsync(context, 200, "application/json; charset=utf-8", body).ConfigureAwait(false);
    }

    /// <summary>The access check in front of the Prometheus exporter (<see cref="GateTelemetry"/>): it answers only when the pages may be read.</summary>
    public async Task MetricsAccessAsync(HttpContext context, RequestDelegate next)
    {
        if (!await RefusedAsync(context).ConfigureAwait(false))
        {
            context.Response.Headers.CacheControl = "no-store";
            await next(context).ConfigureAwait(false);
        }
    }

    /// <summary>/metrics when nothing reads the instruments (the pages are off): the refusal, with its reason.</summary>
    public Task MetricsAccessAsync(HttpContext context) => MetricsAccessAsync(context, _ => Task.CompletedTask);

    public async Task DashboardAsync(HttpContext context)
    {
        if (await RefusedAsync(context).ConfigureAwait(false))
        {
            return;
        }

        FleetQuery query;
        try
        {
            query = FleetQuery.Parse(name => context.Request.Query[name].ToString());
        }
        catch (FormatException ex)
        {
            await PageAsync(context, 400, Message("Bad request", ex.Message)).ConfigureAwait(false);
            return;
        }

        if (await fleet.GetAsync(FleetWait, context.RequestAborted).ConfigureAwait(false) is not { } snapshot)
        {
            // A large fleet is still being read: say so and let the browser come back (the read goes on meanwhile).
            context.Response.Headers.RetryAfter = "3";
            await PageAsync(context, 503, Loading()).ConfigureAwait(false);
            return;
        }

        var html = OverviewPage.Render(snapshot, query, OverviewMode.Server, p => "dashboard/pipeline?key=" + Uri.EscapeDataString(p.Key.ToString()));
        await PageAsync(context, 200, html).ConfigureAwait(false);
    }

    public async Task PipelinePageAsync(HttpContext context)
    {
        if (await RefusedAsync(context).ConfigureAwait(false))
        {
            return;
        }

        if (!PipelineKey.TryParse(context.Request.Query["key"].ToString(), out var key))
        {
            await PageAsync(context, 400, Message("Bad request", "Query parameter 'key' must be a pipeline key of the form provider/org/repo/pipeline (as linked from the overview).")).ConfigureAwait(false);
            return;
        }

        var view = await PipelineViewLoader.LoadAsync(Sources, key, context.RequestAborted).ConfigureAwait(false);
        if (view is null)
        {
            await PageAsync(context, 404, Message("Not found", $"No runs are stored for pipeline {key}.")).ConfigureAwait(false);
            return;
        }

        await PageAsync(context, 200, PipelinePage.Render(view, "../dashboard")).ConfigureAwait(false);
    }

    private async Task<bool> RefusedAsync(HttpContext context)
    {
        switch (pageAccess.Check(context))
        {
            case PageAccess.Decision.Allowed:
                return false;
            case PageAccess.Decision.Off:
                await WriteAsync(context, 404, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes("The dashboard and /metrics are turned off (PIPEWISE_DASHBOARD=off).\n")).ConfigureAwait(false);
                return true;
            case PageAccess.Decision.NeedsToken:
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"pipewise\", charset=\"UTF-8\"";
                await WriteAsync(context, 401, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes($"Send the dashboard token ({GateServiceOptions.DashboardTokenVariable}) as the password of HTTP Basic, or as a Bearer token.\n")).ConfigureAwait(false);
                return true;
            default:
                await WriteAsync(context, 403, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(
                    $"The dashboard and /metrics are off: the service listens beyond loopback and {GateServiceOptions.DashboardTokenVariable} is not set. Set it to serve them with a token, or bind to 127.0.0.1.\n")).ConfigureAwait(false);
                return true;
        }
    }

    private Task PageAsync(HttpContext context, int status, string html)
    {
        context.Response.Headers.ContentSecurityPolicy = DashboardHtml.ContentSecurityPolicy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        context.Response.Headers.CacheControl = "no-store";
        return WriteAsync(context, status, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(html));
    }

    private static string Loading()
    {
        var sb = new StringBuilder();
        Html.Open(sb, "Pipewise — reading the fleet");
        sb.Insert(sb.ToString().IndexOf("<title>", StringComparison.Ordinal), "<meta http-equiv=\"refresh\" content=\"3\">");
        sb.Append("<h1>Reading every pipeline…</h1><p>The first overview after the service starts reads each pipeline's newest runs once; this page reloads itself in 3 s. Sorting, searching and paging then use that read for a minute.</p>");
        Html.Close(sb);
        return sb.ToString();
    }

    private static string Message(string title, string text)
    {
        var sb = new StringBuilder();
        Html.Open(sb, "Pipewise — " + title);
        sb.Append("<h1>").Append(Html.E(title)).Append("</h1><p>").Append(Html.E(text)).Append("</p><p><a href=\"/dashboard\">All pipelines</a></p>");
        Html.Close(sb);
        return sb.ToString();
    }
}
