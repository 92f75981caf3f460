using Pipewise.Core.Runs;

namespace Pipewise.Agent.Simulation;

/// <summary>
/// The steps of one simulated job, laid end to end from its start. A failed step ends the job; a cut (cancel or
/// kill) ends the step running at that moment.
/// </summary>
internal sealed class SimulatedSteps(DateTimeOffset start, double? cutAt, bool canceled)
{
    private readonly DateTimeOffset start = start;
    private bool stop;

    public List<StepRecord> Steps { get; } = [];

    /// <summary>When the last step written ended.</summary>
    public DateTimeOffset End { get; private set; } = start;

    public void Add(string name, double seconds, bool fail = false)
    {
        if (stop || seconds <= 0)
        {
            return;
        }

        var t = End;
        var end = t.AddSeconds(seconds);
        if (cutAt is { } cut && (end - start).TotalSeconds >= cut)
        {
            end = start.AddSeconds(cut);
            Steps.Add(new StepRecord { Name = name, Number = Steps.Count + 1, StartedAt = t, FinishedAt = end, Result = canceled ? RunResult.Canceled : RunResult.Failed });
            End = end;
            stop = true;
            return;
        }

        Steps.Add(new StepRecord { Name = name, Number = Steps.Count + 1, StartedAt = t, FinishedAt = end, Result = fail ? RunResult.Failed : RunResult.Succeeded });
        End = end;
        stop = fail;
    }
}
