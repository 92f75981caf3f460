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
}
