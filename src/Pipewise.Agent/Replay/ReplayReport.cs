namespace Pipewise.Agent.Replay;

/// <summary>The counterfactual evaluation of suggestions on stored history (EVALUATION.md §2).</summary>
public sealed class ReplayReport
{
    public int Pipelines { get; set; }

    public int Runs { get; set; }

    public double BuildMinutes { get; set; }

    public int PipelinesWithSuggestions { get; set; }

    public SortedDictionary<string, ReplayActionTotals> Actions { get; } = new(StringComparer.Ordinal);

    public double MinutesSaved => Actions.Values.Sum(a => a.MinutesSaved);

    public double Share(double minutes) => BuildMinutes > 0 ? minutes / BuildMinutes : 0;

    public ReplayActionTotals Action(string id)
    {
        if (!Actions.TryGetValue(id, out var totals))
        {
            totals = new ReplayActionTotals { Credited = ReplayCredit.IsCredited(id) };
            Actions[id] = totals;
        }

        return totals;
    }

    /// <summary>Adds one pipeline's figures.</summary>
    public void Add(PipelineReplay pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        Pipelines++;
        Runs += pipeline.Runs;
        BuildMinutes += pipeline.BuildMinutes;
        if (pipeline.Actions.Count > 0)
        {
            PipelinesWithSuggestions++;
        }

        foreach (var (id, a) in pipeline.Actions)
        {
            var totals = Action(id);
            totals.Pipelines++;
            totals.SuggestedRuns += a.SuggestedRuns;
            totals.MinutesSaved += a.MinutesSaved;
            totals.Regressions += a.Regressions;
            totals.RunsUnnoticed += a.RunsUnnoticed;
            totals.MinutesUnnoticed += a.MinutesUnnoticed;
        }
    }
}
