using System.Text;
using Pipewise.Core.Agent;
using Pipewise.Core.Forecasting;
using Pipewise.Core.Gate;
using Pipewise.Core.Storage;

namespace Pipewise.Dashboard;

/// <summary>The dashboard as one self-contained HTML file (no script, no external resource), for a build artifact.</summary>
public static class DashboardReport
{
    public static async Task<string> RenderAsync(IPipewiseStore store, IPredictionTracker? predictions, IVerdictLog? verdicts, IAgentPolicyReader? agent, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var model = await DashboardLoader.LoadAsync(store, predictions, verdicts, agent, time, 40, null, cancellationToken).ConfigureAwait(false);
        return DashboardRenderer.Render(model, "Pipewise report");
    }

    /// <summary>Writes the report atomically (temp file, then rename).</summary>
    public static async Task WriteAsync(string path, IPipewiseStore store, IPredictionTracker? predictions, IVerdictLog? verdicts, IAgentPolicyReader? agent, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var html = await RenderAsync(store, predictions, verdicts, agent, time, cancellationToken).ConfigureAwait(false);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp-" + Guid.NewGuid().ToString("N");
        await File.WriteAllTextAsync(temp, html, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        File.Move(temp, full, overwrite: true);
    }
}
