namespace Pipewise.Agent.Replay;

/// <summary>One action's figures in a replay (EVALUATION.md §2).</summary>
public sealed class ReplayActionTotals
{
    /// <summary>Pipelines where the action was suggested at least once.</summary>
    public int Pipelines { get; set; }

    /// <summary>Runs that started with the action suggested (from the history before them).</summary>
    public int SuggestedRuns { get; set; }

    /// <summary>Build minutes the history shows it would have saved from its first suggestion on (0 where it cannot show them).</summary>
    public double MinutesSaved { get; set; }

    /// <summary>Whether the history can show this action's effect (otherwise it is counted, never credited).</summary>
    public bool Credited { get; set; }

    /// <summary>Duration regressions only: distinct change points detected.</summary>
    public int Regressions { get; set; }

    /// <summary>Duration regressions only: runs from the first slow run to the detection, inclusive, summed.</summary>
    public int RunsUnnoticed { get; set; }

    /// <summary>Duration regressions only: build minutes above the earlier median spent in those runs.</summary>
    public double MinutesUnnoticed { get; set; }
}
