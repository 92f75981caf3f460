using System.Globalization;
using Pipewise.Core.Import;

namespace Pipewise.Cli.Commands;

/// <summary>The sums of an import over its files, and the closing report (the first 50 malformed rows).</summary>
internal sealed class ImportTotals
{
    private const int MalformedShown = 50;
    private readonly List<MalformedRow> malformedRows = [];

    public long Rows { get; private set; }
    public long Imported { get; private set; }
    public long Duplicates { get; private set; }
    public long Malformed { get; private set; }
    public int Pipelines { get; private set; }

    public void Add(ImportSummary summary)
    {
        Rows += summary.Rows;
        Imported += summary.Imported;
        Duplicates += summary.Duplicates;
        Malformed += summary.Malformed;
        Pipelines += summary.Pipelines;
        malformedRows.AddRange(summary.MalformedRows);
    }

    public void Print()
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Imported {Imported:N0} new run(s) from {Rows:N0} row(s) into {Pipelines:N0} pipeline(s); {Duplicates:N0} were already stored; {Malformed:N0} malformed."));
        foreach (var bad in malformedRows.Take(MalformedShown))
        {
            Console.WriteLine($"  malformed {bad}");
        }

        if (Malformed > MalformedShown)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  … and {Malformed - MalformedShown:N0} more malformed row(s)"));
        }
    }
}
