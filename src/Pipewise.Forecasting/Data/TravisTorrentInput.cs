using Pipewise.Core.Import;
using Pipewise.Core.Runs;

namespace Pipewise.Forecasting.Data;

/// <summary>
/// Backtest and training input in the travistorrent2021 build CSV (plain or .gz), read through the importer's
/// <see cref="TravisTorrentParser"/>, so that <c>pipewise backtest --input</c> and <c>pipewise import</c> give the
/// same RunRecords. Every well-formed row becomes a run; the backtest keeps the usable ones (<see cref="Features.RunFacts.IsUsable"/>).
/// </summary>
public static class TravisTorrentInput
{
    /// <summary>Columns a backtest needs beyond those the importer needs: the duration is the target.</summary>
    private static readonly string[] BacktestColumns = ["duration_s", "event_type"];

    /// <summary>The files an input names: a file, or every *.csv / *.csv.gz in a folder and its sub-folders (sorted).</summary>
    public static IReadOnlyList<string> Files(string input)
    {
        if (File.Exists(input))
        {
            return [input];
        }

        if (Directory.Exists(input))
        {
            return Directory.EnumerateFiles(input, "*.csv*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .ToArray();
        }

        throw new FileNotFoundException($"Input '{input}' is neither a file nor a folder.", input);
    }

    /// <summary>Reads a file; messages name it by the path given.</summary>
    public static IEnumerable<RunRecord> Read(string path, Action<string>? log = null)
    {
        using var text = CsvReader.OpenText(path);
        foreach (var run in Read(text, path, log))
        {
            yield return run;
        }
    }

    /// <summary>
    /// Reads CSV text. A malformed row is skipped, as <c>pipewise import</c> skips it, so that a backtest of the file
    /// and a backtest of the store it was imported into see the same runs; <paramref name="log"/> hears how many.
    /// </summary>
    /// <exception cref="InputFormatException">The input is empty or its header lacks a column (the message names <paramref name="source"/>).</exception>
    public static IEnumerable<RunRecord> Read(TextReader text, string source, Action<string>? log = null)
    {
        using var rows = TravisTorrentParser.Parse(text, source, BacktestColumns).GetEnumerator();
        var skipped = 0L;
        ParsedRun? firstSkipped = null;
        while (MoveNext(rows))
        {
            if (rows.Current.Run is { } run)
            {
                yield return run;
            }
            else
            {
                skipped++;
                firstSkipped ??= rows.Current;
            }
        }

        if (firstSkipped is not null)
        {
            log?.Invoke($"warning: {source}: skipped {skipped} malformed row(s); the first, line {firstSkipped.Line}: {firstSkipped.Error}");
        }
    }

    private static bool MoveNext(IEnumerator<ParsedRun> rows)
    {
        try
        {
            return rows.MoveNext();
        }
        catch (FormatException ex)
        {
            throw new InputFormatException(ex.Message);
        }
    }
}
