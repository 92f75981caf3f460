using Pipewise.Core.Runs;

namespace Pipewise.Core.Import;

/// <summary>The row loop shared by the CSV importers: each data row becomes a run, or a malformed row with its line.</summary>
internal static class CsvRunRows
{
    /// <summary>Reads the data rows after the header. A CSV syntax error ends the stream with one malformed item (line -1).</summary>
    public static IEnumerable<ParsedRun> Parse(CsvReader csv, string source, Func<CsvRow, RunRecord> toRecord)
    {
        while (true)
        {
            CsvRow? row;
            string? readError = null;
            try
            {
                row = csv.Read();
            }
            catch (FormatException ex)
            {
                row = null;
                readError = ex.Message;
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or System.Text.DecoderFallbackException)
            {
                // The file itself cannot be read on (broken compression, I/O): the whole input is bad, not one row.
                throw new FormatException(ex.Message.StartsWith(source, StringComparison.Ordinal) ? ex.Message : $"{source}: {ex.Message}", ex);
            }

            if (readError is not null)
            {
                yield return ParsedRun.Bad(source, -1, readError);
                yield break;
            }

            if (row is null)
            {
                yield break;
            }

            if (row.Fields.Count == 1 && row.Fields[0].Length == 0)
            {
                continue;
            }

            ParsedRun parsed;
            try
            {
                parsed = ParsedRun.Ok(source, row.Line, toRecord(row));
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException or InvalidOperationException)
            {
                // Any value a row cannot hold (out of range, too long) makes it a malformed row, never a failed import.
                parsed = ParsedRun.Bad(source, row.Line, ex.Message);
            }

            yield return parsed;
        }
    }

    public static IAsyncEnumerable<ParsedRun> ParseAsync(CsvReader csv, string source, Func<CsvRow, RunRecord> toRecord, CancellationToken cancellationToken = default) =>
        AsAsync(Parse(csv, source, toRecord), cancellationToken);

    /// <summary>Streams parsed rows to an async consumer (the importer), checking for cancellation between rows.</summary>
    public static async IAsyncEnumerable<ParsedRun> AsAsync(IEnumerable<ParsedRun> rows, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var parsed in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return parsed;
        }
    }
}
