using System.Globalization;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Tests.Detectors;

/// <summary>Run records with only what every record has (times, result, branch, event, commit, attempt): no steps.</summary>
internal static class TimedRuns
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static RunRecord Make(
        int id,
        double startMinutes,
        double seconds,
        RunResult result = RunResult.Succeeded,
        string branch = "main",
        string? commit = null,
        int attempt = 1,
        double? queueSeconds = null,
        IReadOnlyDictionary<string, string>? properties = null)
    {
        var start = T0.AddMinutes(startMinutes);
        return new RunRecord
        {
            Provider = "github",
            Organization = "octo",
            Repository = "app",
            PipelineId = "ci",
            RunId = id.ToString(CultureInfo.InvariantCulture),
            Number = id,
            Sequence = id,
            Attempt = attempt,
            Event = "push",
            Branch = branch,
            Commit = commit ?? Commit(id),
            QueuedAt = queueSeconds is { } q ? start.AddSeconds(-q) : null,
            StartedAt = start,
            FinishedAt = start.AddSeconds(seconds),
            Result = result,
            Properties = properties,
        };
    }

    /// <summary>A 40-hex commit id derived from <paramref name="n"/>.</summary>
    public static string Commit(int n) => n.ToString("x7", CultureInfo.InvariantCulture) + new string('0', 33);

    /// <summary><paramref name="count"/> runs one every <paramref name="everyMinutes"/> minutes on distinct commits, each <paramref name="seconds"/> long.</summary>
    public static List<RunRecord> Steady(int count, double seconds = 600, double everyMinutes = 60, int firstId = 1) =>
        [.. Enumerable.Range(firstId, count).Select(i => Make(i, (i - firstId) * everyMinutes, seconds))];

    /// <summary>Splits a list into (history, current) the way the agent sees a finished run.</summary>
    public static (RunRecord Run, IReadOnlyList<RunRecord> History) Last(List<RunRecord> runs) => (runs[^1], runs[..^1]);
}
