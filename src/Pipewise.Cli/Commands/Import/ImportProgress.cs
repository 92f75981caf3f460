using System.Globalization;

namespace Pipewise.Cli.Commands;

/// <summary>
/// Import progress on stderr: on a terminal one line rewritten in place; when stderr is redirected (a CI log, a
/// file) a plain line at most every <see cref="Interval"/>, so logs stay readable. Notes (waits, warnings) are
/// always whole lines.
/// </summary>
internal sealed class ImportProgress(TextWriter error, bool interactive, TimeProvider time)
{
    private readonly Lock sync = new();
    private DateTimeOffset? last;
    private bool pending;

    public static TimeSpan Interval { get; } = TimeSpan.FromSeconds(10);

    public static ImportProgress ForConsole() => new(Console.Error, !Console.IsErrorRedirected, TimeProvider.System);

    public void Update(string text)
    {
        lock (sync)
        {
            if (interactive)
            {
                error.Write("\r" + text.PadRight(100));
                pending = true;
                return;
            }

            var now = time.GetUtcNow();
            if (last is null || now - last >= Interval)
            {
                last = now;
                error.WriteLine(text);
            }
        }
    }

    public void Note(string text)
    {
        lock (sync)
        {
            if (pending)
            {
                error.WriteLine();
                pending = false;
            }

            error.WriteLine(text);
        }
    }

    public void End()
    {
        lock (sync)
        {
            if (pending)
            {
                error.WriteLine();
                pending = false;
            }
        }
    }

    public static string Totals(Pipewise.Core.Import.ImportSummary p) =>
        string.Create(CultureInfo.InvariantCulture, $"  {p.Rows:N0} rows, {p.Imported:N0} new, {p.Duplicates:N0} already stored, {p.Malformed:N0} malformed, {p.Elapsed.TotalSeconds:0}s");
}
