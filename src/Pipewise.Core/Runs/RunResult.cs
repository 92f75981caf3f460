namespace Pipewise.Core.Runs;

/// <summary>The outcome of a run, job, step or deployment.</summary>
public enum RunResult
{
    Succeeded,
    Failed,
    Canceled,
    Partial,
    Skipped,
}
