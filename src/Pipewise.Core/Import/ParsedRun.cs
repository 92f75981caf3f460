using Pipewise.Core.Runs;

namespace Pipewise.Core.Import;

/// <summary>One parsed input item: a run, or the reason the row at <see cref="Line"/> was rejected.</summary>
public sealed record ParsedRun(string Source, long Line, RunRecord? Run, string? Error)
{
    public static ParsedRun Ok(string source, long line, RunRecord run) => new(source, line, run, null);

    public static ParsedRun Bad(string source, long line, string error) => new(source, line, null, error);
}
