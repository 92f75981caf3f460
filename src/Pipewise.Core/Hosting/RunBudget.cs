using System.Globalization;

namespace Pipewise.Core.Hosting;

/// <summary>
/// The one time budget of <c>pipewise run</c> for all its Pipewise work (ADR 0011): setting <c>budget</c> (flag
/// <c>--budget</c>, action/task input <c>budget</c>, <c>PIPEWISE_BUDGET</c>), in seconds, default 15. Store calls get
/// <see cref="StoreShare"/> of it, so that scoring and the report still fit when the store hangs; a run that could not
/// be stored goes to the <see cref="Storage.RunOutbox"/>.
/// </summary>
public static class RunBudget
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(15);

    public static readonly TimeSpan Max = TimeSpan.FromMinutes(10);

    /// <summary>Parses seconds ("15", "7.5", "15s"); null or empty gives <see cref="Default"/>.</summary>
    /// <exception cref="FormatException">Not a number of seconds between 1 and 600.</exception>
    public static TimeSpan Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Default;
        }

        var text = value.Trim();
        text = text.EndsWith('s') ? text[..^1] : text;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || double.IsNaN(seconds) || seconds < 1 || seconds > Max.TotalSeconds)
        {
            throw new FormatException($"setting 'budget': expected seconds between 1 and {Max.TotalSeconds:0} (e.g. 15), found '{(value.Length > 40 ? value[..40] + "…" : value)}'");
        }

        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>The part of the budget store calls may use: three fifths, leaving the rest for scoring and the report.</summary>
    public static TimeSpan StoreShare(TimeSpan budget) => TimeSpan.FromTicks(budget.Ticks * 3 / 5);
}
