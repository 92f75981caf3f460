using System.Text;

namespace Pipewise.GitHub.Runner;

/// <summary>
/// The runner's environment files (<c>GITHUB_OUTPUT</c>, <c>GITHUB_ENV</c>, <c>GITHUB_STATE</c>,
/// <c>GITHUB_STEP_SUMMARY</c>): appended as UTF-8 without BOM, with <c>\n</c> line ends (which every runner OS
/// accepts), multi-line values as a heredoc with a random delimiter that the value cannot contain.
/// </summary>
public static class EnvironmentFiles
{
    /// <summary>The runner refuses a step summary larger than this (1 MiB, checked with &gt;).</summary>
    public const int StepSummaryLimitBytes = 1024 * 1024;

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Formats one <c>NAME=VALUE</c> entry (a heredoc when the value has a line break or could be misread).</summary>
    public static string FormatEntry(string name, string? value, Func<string>? newDelimiter = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('=', StringComparison.Ordinal) || name.Contains("<<", StringComparison.Ordinal) || name.Contains('\n', StringComparison.Ordinal) || name.Contains('\r', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Output name '{name}' must not contain '=', '<<' or a line break.", nameof(name));
        }

        value ??= string.Empty;
        var plain = !value.Contains('\n', StringComparison.Ordinal) && !value.Contains('\r', StringComparison.Ordinal);
        if (plain)
        {
            return $"{name}={value}\n";
        }

        newDelimiter ??= () => "ghadelimiter_" + Guid.NewGuid().ToString("D");
        string delimiter;
        do
        {
            delimiter = newDelimiter();
        }
        while (value.Contains(delimiter, StringComparison.Ordinal) || name.Contains(delimiter, StringComparison.Ordinal));

        // \r\n becomes \n: on Linux the runner would keep a trailing \r in the value.
        var normalised = value.Replace("\r\n", "\n", StringComparison.Ordinal);
        return $"{name}<<{delimiter}\n{normalised}\n{delimiter}\n";
    }

    /// <summary>Appends outputs to the file named by <c>GITHUB_OUTPUT</c>.</summary>
    public static void AppendOutputs(string path, IEnumerable<KeyValuePair<string, string>> outputs)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(outputs);
        var sb = new StringBuilder();
        foreach (var (name, value) in outputs)
        {
            sb.Append(FormatEntry(name, value));
        }

        File.AppendAllText(path, sb.ToString(), Utf8NoBom);
    }

    /// <summary>
    /// Appends markdown to the step summary file, keeping the whole file at or under
    /// <paramref name="limitBytes"/> (the runner drops a larger summary entirely).
    /// Returns the markdown actually written.
    /// </summary>
    public static string AppendStepSummary(string path, string markdown, int limitBytes = StepSummaryLimitBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(markdown);
        var existing = File.Exists(path) ? new FileInfo(path).Length : 0;
        var budget = (int)Math.Max(0, limitBytes - existing - 1);
        var text = markdown.EndsWith('\n') ? markdown : markdown + "\n";
        if (Utf8NoBom.GetByteCount(text) > budget)
        {
            text = Pipewise.Core.Reporting.SummaryRenderer.TruncateUtf8(text, budget);
        }

        if (text.Length > 0)
        {
            File.AppendAllText(path, text, Utf8NoBom);
        }

        return text;
    }
}
