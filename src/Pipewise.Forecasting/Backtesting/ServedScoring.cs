using Pipewise.Forecasting.Features;
using Pipewise.Forecasting.Scoring;
using Pipewise.Forecasting.Serving;

namespace Pipewise.Forecasting.Backtesting;

/// <summary>
/// The served forecast over a backtest's test windows, by the same rule as <c>pipewise run</c>
/// (<see cref="ServedForecast"/>): the model is also scored on the <see cref="ServedForecast.Window"/> runs before each
/// pipeline's first test run, so that the first test runs are judged on as much evidence as a live pipeline has.
/// </summary>
internal static class ServedScoring
{
    public sealed record Result(double[] P50, double[] P90, double[] Failure, string[] Predictor);

    public static Result Compute(WindowSet test, WindowScore[] testScores, OnnxScorer scorer, CancellationToken ct)
    {
        var calibration = scorer.Manifest.Calibration;
        var first = new Dictionary<int, int>();
        foreach (var (p, i) in test.Targets)
        {
            first[p] = first.TryGetValue(p, out var f) ? Math.Min(f, i) : i;
        }

        var context = new List<(int, int)>();
        foreach (var (p, f) in first)
        {
            for (var i = Math.Max(OnnxForecaster.DefaultMinimumHistory, f - ServedForecast.Window); i < f; i++)
            {
                context.Add((p, i));
            }
        }

        var contextSet = new WindowSet(test.Pipelines, context, test.HistoryLength);
        var contextScores = Backtester.Score(scorer, contextSet, ct);
        var modelP50 = new Dictionary<int, double[]>();
        void Put(int p, int i, WindowScore s)
        {
            if (!modelP50.TryGetValue(p, out var track))
            {
                modelP50[p] = track = new double[test.Pipelines[p].Runs.Length + 1];
                Array.Fill(track, double.NaN);
            }

            track[i] = Math.Exp(s.P50Log);
        }

        for (var k = 0; k < contextSet.Count; k++)
        {
            Put(contextSet.Targets[k].Pipeline, contextSet.Targets[k].Index, contextScores[k]);
        }

        for (var k = 0; k < test.Count; k++)
        {
            Put(test.Targets[k].Pipeline, test.Targets[k].Index, testScores[k]);
        }

        var tracks = first.ToDictionary(e => e.Key, e => ServedForecast.BaselineTracks(test.Pipelines[e.Key].Runs, 0));
        var actual = test.Pipelines.Select(h => h.Runs.Select(r => Math.Exp(r.LogDuration)).ToArray()).ToArray();
        var result = new Result(new double[test.Count], new double[test.Count], new double[test.Count], new string[test.Count]);
        for (var k = 0; k < test.Count; k++)
        {
            ct.ThrowIfCancellationRequested();
            var (p, i) = test.Targets[k];
            var lo = Math.Max(0, i - ServedForecast.Window);
            var baselines = tracks[p].Select(t => t.Slice(lo, i - lo + 1)).ToArray();
            var choice = ServedForecast.Choose(actual[p].AsSpan(lo, i - lo), modelP50[p].AsSpan(lo, i - lo + 1), baselines, Math.Exp(testScores[k].P90Log));
            result.P50[k] = choice.P50Seconds;
            result.P90[k] = choice.P90Seconds;
            result.Failure[k] = calibration.Apply(testScores[k].Failure);
            result.Predictor[k] = choice.Predictor;
        }

        return result;
    }
}
