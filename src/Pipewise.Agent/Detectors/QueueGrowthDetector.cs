using Pipewise.Agent.Catalog;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Detectors;

/// <summary>
/// Queue time that grows with the pipeline's own concurrency, where queue times exist (→ more runners or a
/// concurrency limit): runs queued while other runs of the pipeline were running waited at least twice as long,
/// and at least a minute longer, than runs queued alone.
/// </summary>
public static class QueueGrowthDetector
{
    /// <summary>Runs with a queue time needed on each side (alone / with others running) for a median to mean anything.</summary>
    public const int MinPerSide = 3;

    /// <summary>A runner starts in about a minute; a smaller difference is start-up noise.</summary>
    public const double MinExtraSeconds = 60;

    public static Candidate? Detect(RunRecord run, IReadOnlyList<RunRecord> history)
    {
        ArgumentNullException.ThrowIfNull(run);
        var runs = RunTimeline.FirstAttempts(RunTimeline.WithCurrent(run, history));
        var alone = new List<double>();
        var crowded = new List<double>();
        foreach (var r in runs)
        {
            if (r.QueuedAt is not { } queued || r.QueueSeconds is not { } wait)
            {
                continue;
            }

            var others = runs.Count(o => o.RunId != r.RunId && o.StartedAt is { } s && s <= queued && RunTimeline.WallEnd(o) is { } e && e > queued);
            (others > 0 ? crowded : alone).Add(wait);
        }

        if (alone.Count < MinPerSide || crowded.Count < MinPerSide)
        {
            return null;
        }

        double a = RunTimeline.Median(alone), c = RunTimeline.Median(crowded);
        if (c < 2 * a || c - a < MinExtraSeconds)
        {
            return null;
        }

        var evidence =
            $"{crowded.Count} runs queued while other runs of this pipeline were running waited a median of {RunTimeline.Minutes(c)} min for a runner, " +
            $"against {RunTimeline.Minutes(a)} min for the {alone.Count} runs queued alone: the runners do not keep up with concurrent runs";
        return new Candidate(ActionCatalog.QueueCapacity, evidence, null, new Dictionary<string, string>());
    }
}
