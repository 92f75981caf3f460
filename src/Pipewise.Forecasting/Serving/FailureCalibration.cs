namespace Pipewise.Forecasting.Serving;

/// <summary>
/// Platt scaling of the failure head: p = σ(<see cref="A"/> · logit(raw) + <see cref="B"/>), fitted on the validation
/// part of the training data, so that "risk 30 %" fails about 30 % of the time. Identity is A = 1, B = 0.
/// </summary>
public sealed record FailureCalibration(double A, double B)
{
    public static FailureCalibration Identity { get; } = new(1, 0);

    public double Apply(double raw)
    {
        return Sigmoid((A * Logit(raw)) + B);
    }

    /// <summary>Fits A and B by Newton's method with backtracking on the log loss (with Platt's smoothed targets).</summary>
    public static FailureCalibration Fit(IReadOnlyList<double> raw, IReadOnlyList<bool> failed)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(failed);
        var n = raw.Count;
        var positives = failed.Count(f => f);
        if (n < 20 || positives == 0 || positives == n)
        {
            return Identity;
        }

        var hi = (positives + 1.0) / (positives + 2.0);
        var lo = 1.0 / (n - positives + 2.0);
        var x = raw.Select(Logit).ToArray();
        var t = failed.Select(f => f ? hi : lo).ToArray();
        double a = 1, b = 0;
        var loss = Loss(a, b);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double ga = 0, gb = 0, haa = 1e-12, hab = 0, hbb = 1e-12;
            for (var i = 0; i < n; i++)
            {
                var p = Sigmoid((a * x[i]) + b);
                var d = p - t[i];
                var w = p * (1 - p);
                ga += d * x[i];
                gb += d;
                haa += w * x[i] * x[i];
                hab += w * x[i];
                hbb += w;
            }

            var det = (haa * hbb) - (hab * hab);
            if (!(Math.Abs(det) > 1e-12))
            {
                break;
            }

            var da = ((hbb * ga) - (hab * gb)) / det;
            var db = ((haa * gb) - (hab * ga)) / det;

            // Backtracking: a full Newton step can overshoot on saturated scores; halve it until the loss falls.
            var step = 1.0;
            var improved = false;
            while (step > 1e-8)
            {
                var next = Loss(a - (step * da), b - (step * db));
                if (next <= loss)
                {
                    a -= step * da;
                    b -= step * db;
                    improved = loss - next > 1e-12 * n;
                    loss = next;
                    break;
                }

                step /= 2;
            }

            if (!improved)
            {
                break;
            }
        }

        return double.IsFinite(a) && double.IsFinite(b) ? new FailureCalibration(Math.Round(a, 6), Math.Round(b, 6)) : Identity;

        double Loss(double slope, double offset)
        {
            double sum = 0;
            for (var i = 0; i < n; i++)
            {
                var z = (slope * x[i]) + offset;
                // log(1 + e^z) − t·z, computed without overflow
                sum += (z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z))) - (t[i] * z);
            }

            return sum;
        }
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>The logit of a probability kept away from 0 and 1.</summary>
    private static double Logit(double probability)
    {
        var p = Math.Clamp(probability, 1e-6, 1 - 1e-6);
        return Math.Log(p / (1 - p));
    }
}
