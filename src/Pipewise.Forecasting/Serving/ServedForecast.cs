using System.Globalization;
using Pipewise.Forecasting.Baselines;
using Pipewise.Forecasting.Features;

namespace Pipewise.Forecasting.Serving;

/// <summary>
/// The served forecast of EVALUATION.md §1, one rule for <c>pipewise run</c>, the gates and the backtest: for each run,
/// serve the model, or the simple forecast (the median of the last 5 runs, or the EWMA) with the smallest absolute
/// error in seconds on the pipeline's last <see cref="Window"/> runs, each judged as it would have been forecast then
/// (history before it only). The model serves until there are <see cref="MinimumEvidence"/> judged runs, and a simple
/// forecast replaces it only when its error there is at least <see cref="Margin"/> smaller. Measured on 60 held-out
/// pipelines (docs/adrs/0010-forecaster-v2.md): picking whichever was best by a hair, or offering the last value, chased noise and served
/// worse than the model alone; the margin and the two robust fallbacks served better than both.
/// The p90 is the served p50 times a quantile of the served predictor's own recent log errors (their empirical 0.9 quantile),
/// shrunk towards the model's spread while few runs are known.
/// </summary>
public static class ServedForecast
{
    /// <summary>Runs judged for the choice and the p90.</summary>
    public const int Window = 30;

    /// <summary>Judged runs needed before a baseline may replace the model.</summary>
    public const int MinimumEvidence = 10;

    /// <summary>How much smaller (as a share of the model's) a simple forecast's error must be for it to replace the model.</summary>
    public const double Margin = 0.10;

    /// <summary>Weight, in runs, of the model's own spread in the p90 (the prior of the error quantile).</summary>
    public const double PriorRuns = 10;

    public const double Coverage = 0.9;

    public const string Model = "bilstm";

    private static readonly string[] Baselines = ["median5", "ewma"];

    /// <summary>The candidates in order: the model, then the baselines.</summary>
    public static IReadOnlyList<string> Candidates { get; } = [Model, .. Baselines];

    /// <summary>
    /// The baselines' forecasts for runs <paramref name="from"/> .. runs.Length of <paramref name="runs"/> (usable runs,
    /// oldest first; the last element is the forecast of the run after them), each from the runs before it only.
    /// Row c − 1 holds candidate c of <see cref="Candidates"/>. Linear in the number of runs.
    /// </summary>
    public static ReadOnlyMemory<double>[] BaselineTracks(ReadOnlySpan<RunFacts> runs, int from)
    {
        from = Math.Clamp(from, 0, runs.Length);
        var count = runs.Length - from + 1;
        var tracks = new double[Baselines.Length][];
        for (var c = 0; c < tracks.Length; c++)
        {
            tracks[c] = new double[count];
        }

        var ewma = double.NaN;
        for (var i = 0; i <= runs.Length; i++)
        {
            if (i >= from)
            {
                var before = runs[..i];
                tracks[0][i - from] = SimpleBaselines.Median5(before);
                tracks[1][i - from] = ewma;
            }

            if (i < runs.Length)
            {
                var d = Math.Exp(runs[i].LogDuration);
                ewma = double.IsNaN(ewma) ? d : (0.3 * d) + (0.7 * ewma);
            }
        }

        return [.. tracks.Select(t => new ReadOnlyMemory<double>(t))];
    }

    /// <summary>
    /// Chooses the forecast of the next run. <paramref name="actualSeconds"/> are the durations of the pipeline's last
    /// runs (oldest first); <paramref name="model"/> and <paramref name="baselines"/> (from <see cref="BaselineTracks"/>)
    /// hold each candidate's forecast of those runs, made before each, followed by its forecast of the next run (so one
    /// element longer). Model forecasts are NaN where it had none; <paramref name="modelP90"/> is its p90 for the next run.
    /// </summary>
    public static ServedChoice Choose(ReadOnlySpan<double> actualSeconds, ReadOnlySpan<double> model, ReadOnlyMemory<double>[] baselines, double modelP90)
    {
        ArgumentNullException.ThrowIfNull(baselines);
        var runs = actualSeconds.Length;
        var hasModel = model.Length == runs + 1 && double.IsFinite(model[runs]) && model[runs] > 0;
        var candidates = baselines.Length + 1;
        var errors = new double[candidates];
        var logErrors = new double[candidates][];
        for (var c = 0; c < candidates; c++)
        {
            logErrors[c] = new double[Math.Min(Window, runs)];
        }

        var n = 0;
        for (var j = runs - 1; j >= 0 && n < Window; j--)
        {
            if (!Judgeable(j, actualSeconds, model, baselines, hasModel))
            {
                continue; // every candidate is judged on the same runs
            }

            for (var c = hasModel ? 0 : 1; c < candidates; c++)
            {
                var p = c == 0 ? model[j] : baselines[c - 1].Span[j];
                errors[c] += Math.Abs(actualSeconds[j] - p);
                logErrors[c][n] = Math.Log(actualSeconds[j] / p);
            }

            n++;
        }

        var best = 1;
        for (var c = 2; c < candidates; c++)
        {
            if (errors[c] < errors[best])
            {
                best = c;
            }
        }

        if (hasModel && (n < MinimumEvidence || !(errors[best] < (1 - Margin) * errors[0])))
        {
            best = 0;
        }

        var name = Candidates[best];
        var p50 = best == 0 ? model[runs] : baselines[best - 1].Span[runs];
        var prior = hasModel && modelP90 > model[runs] ? Math.Log(modelP90 / model[runs]) : PooledSpread(logErrors[best].AsSpan(0, n));
        var q = Quantile(logErrors[best].AsSpan(0, n), prior);
        double? excess = best != 0 && hasModel && errors[best] > 0 ? (errors[0] / errors[best]) - 1 : null;
        return new ServedChoice
        {
            Predictor = name,
            P50Seconds = p50,
            P90Seconds = p50 * Math.Exp(Math.Max(q, 0.01)),
            EvaluatedRuns = n,
            ModelExcessError = excess is { } e ? Math.Round(e, 4) : null,
            Reason = Describe(name, n, excess, hasModel),
        };

        static bool Judgeable(int j, ReadOnlySpan<double> actualSeconds, ReadOnlySpan<double> model, ReadOnlyMemory<double>[] baselines, bool hasModel)
        {
            if (!(actualSeconds[j] > 0) || (hasModel && !(double.IsFinite(model[j]) && model[j] > 0)))
            {
                return false;
            }

            foreach (var track in baselines)
            {
                var p = track.Span[j];
                if (!(double.IsFinite(p) && p > 0))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>A person's name for a predictor.</summary>
    public static string Label(string predictor) => predictor switch
    {
        Model => "the model",
        "median5" => "the median of the last 5 runs",
        "ewma" => "the moving average of recent runs",
        _ => predictor,
    };

    private static string Describe(string name, int n, double? excess, bool hasModel)
    {
        var ci = CultureInfo.InvariantCulture;
        if (!hasModel)
        {
            return string.Create(ci, $"{Capitalise(Label(name))}: no model is available; it had the smallest error of the simple forecasts on this pipeline's last {n} runs.");
        }

        if (name == Model)
        {
            return n < MinimumEvidence
                ? string.Create(ci, $"The model: only {n} earlier run(s) to judge it on; a simple forecast can replace it after {MinimumEvidence}.")
                : string.Create(ci, $"The model: no simple forecast has been at least {Margin * 100:0} % more accurate on this pipeline's last {n} runs.");
        }

        return string.Create(ci, $"{Capitalise(Label(name))}: the model has been {excess * 100:0} % worse on this pipeline's last {n} runs.");
    }

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    /// <summary>
    /// The empirical 0.9 quantile of the log errors (rank ⌈n·0.9⌉), blended with the prior spread by weights n and
    /// <see cref="PriorRuns"/>. (The conformal rank ⌈(n+1)·0.9⌉ over-covered: 0.918–0.925 on held-out pipelines.)
    /// </summary>
    private static double Quantile(ReadOnlySpan<double> logErrors, double prior)
    {
        var n = logErrors.Length;
        if (n == 0)
        {
            return prior;
        }

        var sorted = logErrors.ToArray();
        Array.Sort(sorted);
        var rank = Math.Clamp((int)Math.Ceiling(n * Coverage), 1, n);
        var local = sorted[rank - 1];
        return ((n * local) + (PriorRuns * prior)) / (n + PriorRuns);
    }

    /// <summary>Without a model: a spread of 1.28 standard deviations of the log errors (0.26 when unknown).</summary>
    private static double PooledSpread(ReadOnlySpan<double> logErrors)
    {
        if (logErrors.Length < 2)
        {
            return 0.26;
        }

        double mean = 0, sq = 0;
        foreach (var e in logErrors)
        {
            mean += e;
        }

        mean /= logErrors.Length;
        foreach (var e in logErrors)
        {
            sq += (e - mean) * (e - mean);
        }

        return mean + (1.2816 * Math.Sqrt(sq / (logErrors.Length - 1)));
    }
}
