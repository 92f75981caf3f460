namespace Pipewise.Forecasting.Backtesting;

/// <summary>Forecast metrics of EVALUATION.md.</summary>
public static class Metrics
{
    /// <summary>Σ|y − ŷ| / Σ y.</summary>
    public static double Wape(IReadOnlyList<double> actual, IReadOnlyList<double> predicted)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        double err = 0, sum = 0;
        for (var i = 0; i < actual.Count; i++)
        {
            err += Math.Abs(actual[i] - predicted[i]);
            sum += actual[i];
        }

        return sum > 0 ? err / sum : double.NaN;
    }

    public static double Mae(IReadOnlyList<double> actual, IReadOnlyList<double> predicted)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        double err = 0;
        for (var i = 0; i < actual.Count; i++)
        {
            err += Math.Abs(actual[i] - predicted[i]);
        }

        return actual.Count > 0 ? err / actual.Count : double.NaN;
    }

    /// <summary>ROC AUC with ties counted half (Mann–Whitney).</summary>
    public static double Auc(IReadOnlyList<bool> labels, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores);
        var n = labels.Count;
        var order = Enumerable.Range(0, n).OrderBy(i => scores[i]).ToArray();
        double rankSumPos = 0;
        long pos = 0;
        var k = 0;
        while (k < n)
        {
            var j = k;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[k]])
            {
                j++;
            }

            var avgRank = ((k + j) / 2.0) + 1;
            for (var m = k; m <= j; m++)
            {
                if (labels[order[m]])
                {
                    rankSumPos += avgRank;
                    pos++;
                }
            }

            k = j + 1;
        }

        var neg = n - pos;
        return pos == 0 || neg == 0 ? double.NaN : (rankSumPos - (pos * (pos + 1) / 2.0)) / (pos * (double)neg);
    }

    /// <summary>F1 of the positive class at a threshold (score ≥ threshold is positive).</summary>
    public static double F1(IReadOnlyList<bool> labels, IReadOnlyList<double> scores, double threshold)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores);
        long tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            var p = scores[i] >= threshold;
            if (p && labels[i])
            {
                tp++;
            }
            else if (p)
            {
                fp++;
            }
            else if (labels[i])
            {
                fn++;
            }
        }

        return tp == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + fn);
    }

    /// <summary>The threshold maximising F1 on the given (training-part) scores.</summary>
    public static double BestThreshold(IReadOnlyList<bool> labels, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores);
        if (labels.Count == 0)
        {
            return 0.5;
        }

        var candidates = scores.Distinct().OrderBy(s => s).ToArray();
        if (candidates.Length > 200)
        {
            candidates = Enumerable.Range(1, 199).Select(q => candidates[q * candidates.Length / 200]).Distinct().ToArray();
        }

        var best = 0.5;
        var bestF1 = -1.0;
        foreach (var c in candidates)
        {
            var f1 = F1(labels, scores, c);
            if (f1 > bestF1)
            {
                bestF1 = f1;
                best = c;
            }
        }

        return best;
    }

    /// <summary>Share of actual values at or below the predicted p90.</summary>
    public static double Coverage(IReadOnlyList<double> actual, IReadOnlyList<double> p90)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(p90);
        var covered = 0;
        for (var i = 0; i < actual.Count; i++)
        {
            covered += actual[i] <= p90[i] ? 1 : 0;
        }

        return actual.Count > 0 ? covered / (double)actual.Count : double.NaN;
    }

    /// <summary>Expected calibration error: Σ over 10 equal-width probability bins of (bin share) · |mean p − failure rate|.</summary>
    public static double Ece(IReadOnlyList<bool> labels, IReadOnlyList<double> probabilities, int bins = 10)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(probabilities);
        var count = new int[bins];
        var sumP = new double[bins];
        var sumY = new double[bins];
        for (var i = 0; i < labels.Count; i++)
        {
            var p = Math.Clamp(probabilities[i], 0, 1);
            var b = Math.Min(bins - 1, (int)(p * bins));
            count[b]++;
            sumP[b] += p;
            sumY[b] += labels[i] ? 1 : 0;
        }

        double ece = 0;
        for (var b = 0; b < bins; b++)
        {
            if (count[b] > 0)
            {
                ece += count[b] / (double)labels.Count * Math.Abs((sumP[b] - sumY[b]) / count[b]);
            }
        }

        return labels.Count > 0 ? ece : double.NaN;
    }
}
