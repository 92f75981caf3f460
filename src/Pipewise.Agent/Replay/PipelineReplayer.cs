using System.Globalization;
using Pipewise.Agent.Catalog;
using Pipewise.Agent.Detectors;
using Pipewise.Core.Runs;

namespace Pipewise.Agent.Replay;

/// <summary>
/// Walks one pipeline's stored history in creation order. The suggestions in force when run i starts are what
/// <c>pipewise run</c> said after run i − 1 finished: the same code (<see cref="SuggestionRules.For"/>) on run i − 1 and
/// the <see cref="HistoryLength"/> runs before it, so run i and later runs are never seen.
/// </summary>
public sealed class PipelineReplayer(Func<RunRecord, IReadOnlyList<RunRecord>, IReadOnlyList<Candidate>>? suggest = null)
{
    /// <summary>The history the assessment gives the agent (AssessorOptions.HistoryLength).</summary>
    public const int HistoryLength = 32;

    private readonly Func<RunRecord, IReadOnlyList<RunRecord>, IReadOnlyList<Candidate>> suggest = suggest ?? ((run, history) => SuggestionRules.For(run, history));

    public PipelineReplay Replay(PipelineKey pipeline, IReadOnlyList<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var ordered = runs.OrderBy(r => r.OrderValue).ThenBy(r => r.Attempt).ToList();
        var inForce = new List<IReadOnlyList<Candidate>>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            if (i == 0)
            {
                inForce.Add([]);
                continue;
            }

            var last = ordered[i - 1];
            var history = ordered.GetRange(Math.Max(0, i - 1 - HistoryLength), Math.Min(i - 1, HistoryLength));
            inForce.Add([.. suggest(last, history).Where(c => c.ActionId != ActionCatalog.NoChange)]);
        }

        var result = new PipelineReplay
        {
            Pipeline = pipeline,
            Runs = ordered.Count,
            BuildMinutes = ordered.Sum(r => r.EffectiveDurationSeconds ?? 0) / 60,
            InForce = [.. inForce.Select(list => (IReadOnlyList<string>)[.. list.Select(c => c.ActionId)])],
        };

        foreach (var id in inForce.SelectMany(l => l.Select(c => c.ActionId)).Distinct())
        {
            var per = inForce.Select(l => l.FirstOrDefault(c => c.ActionId == id)).ToList();
            var first = per.FindIndex(c => c is not null);
            var totals = new ReplayActionTotals
            {
                Credited = ReplayCredit.IsCredited(id),
                SuggestedRuns = per.Count(c => c is not null),
                MinutesSaved = ReplayCredit.Seconds(id, ordered, first, per) / 60,
            };
            if (id == ActionCatalog.DurationRegression)
            {
                Regressions(ordered, per, totals);
            }

            result.Actions[id] = totals;
        }

        return result;
    }

    /// <summary>
    /// For each change point: the runs from its first slow run to the run after which it was reported, and their extra
    /// minutes. One regression is one unbroken stretch of runs with it in force (the window may name a neighbour as the
    /// first slow run as it slides; that is the same change).
    /// </summary>
    private static void Regressions(List<RunRecord> ordered, List<Candidate?> per, ReplayActionTotals totals)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < per.Count; i++)
        {
            if (per[i] is not { } c || (i > 0 && per[i - 1] is not null) || !c.Values.TryGetValue("runId", out var culprit) || !seen.Add(culprit))
            {
                continue;
            }

            var from = ordered.FindIndex(r => r.RunId == culprit);
            var detected = i - 1;
            if (from < 0 || detected < from || !double.TryParse(c.Values["before"], NumberStyles.Float, CultureInfo.InvariantCulture, out var before))
            {
                continue;
            }

            var slow = DurationRegressionDetector.Sample(ordered.GetRange(from, detected - from + 1));
            totals.Regressions++;
            totals.RunsUnnoticed += detected - from + 1;
            totals.MinutesUnnoticed += slow.Sum(r => Math.Max(0, r.EffectiveDurationSeconds!.Value - before)) / 60;
        }
    }
}
