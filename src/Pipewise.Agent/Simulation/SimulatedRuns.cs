using Pipewise.Core.Runs;

namespace Pipewise.Agent.Simulation;

/// <summary>The run records a collector would store for a simulated run.</summary>
public static class SimulatedRuns
{
    /// <summary>The run record(s) of one run: attempt 1, and the manual re-run when there was one.</summary>
    public static IReadOnlyList<RunRecord> Records(Scenario s, PipelineConfig c, RunDraw d, RunOutcome o, int index, DateTimeOffset start)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(o);
        if (o.Skipped)
        {
            return [];
        }

        var writer = new SimulatedRunWriter(s, c, d, o, index);
        if (o.Canceled)
        {
            return [writer.Make(1, start, false, false, o.CanceledAt, false)];
        }

        if (d.Hang)
        {
            return [writer.Make(1, start, false, false, null, false, hang: true), writer.Make(2, start.AddSeconds(o.Wall + 60), false, false, null, false)];
        }

        if (o.NeededRerun)
        {
            var first = writer.Make(1, start, true, false, null, c.Retry);
            return [first, writer.Make(2, first.FinishedAt!.Value.AddSeconds(60), !o.RerunSucceeded, false, null, false)];
        }

        return [writer.Make(1, start, false, d.RealFailure, null, c.Retry && d.Intermittent)];
    }
}
