using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Pipewise.Core.Gate;
using Pipewise.Dashboard;

namespace Pipewise.GateService;

/// <summary>GET /healthz, /metrics and /dashboard.</summary>
internal sealed partial class GateEndpoints
{
    public async Task HealthAsync(HttpContext context)
    {
        var body = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{{\"status\":\"ok\",\"model\":{(assessor.HasModel ? "true" : "false")},\"mode\":\"{GatePolicyFile.ModeName(options.Policy.Mode)}\"}}"));
        await WriteAsync(context, 200, "application/json; charset=utf-8", body).ConfigureAwait(false);
    }

    public Task MetricsAsync(HttpContext context) =>
        WriteAsync(context, 200, "text/plain; version=0.0.4; charset=utf-8", Encoding.UTF8.GetBytes(metrics.Render()));

    public async Task DashboardAsync(HttpContext context)
    {
        var only = context.Request.Query["pipeline"].ToString();
        var model = await DashboardLoader.LoadAsync(dependencies.Store, dependencies.Predictions, verdicts, dependencies.AgentPolicies, time, 40, only.Length > 0 ? only : null, context.RequestAborted).ConfigureAwait(false);
        context.Response.Headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        await WriteAsync(context, 200, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(DashboardRenderer.Render(model))).ConfigureAwait(false);
    }
}
