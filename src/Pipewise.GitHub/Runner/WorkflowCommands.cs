using System.Text;
using Pipewise.Hosting.Secrets;

namespace Pipewise.GitHub.Runner;

/// <summary>
/// Workflow commands written to stdout (<c>::name key=value::message</c>), escaped as the runner and the toolkit
/// expect: message <c>%</c>, <c>\r</c>, <c>\n</c>; property values also <c>:</c> and <c>,</c>.
/// Untrusted text can therefore never start a new command or close a property. Messages go through the run's
/// <see cref="SecretMasker"/>, when given, before they are written.
/// </summary>
public sealed class WorkflowCommands(TextWriter output, SecretMasker? masker = null)
{
    /// <summary>The runner keeps at most 10 issues of each type per step.</summary>
    public const int MaxAnnotationsPerType = 10;

    /// <summary>The runner cuts an annotation message to 4096 characters.</summary>
    public const int MaxMessageLength = 4096;

    public TextWriter Output { get; } = output ?? throw new ArgumentNullException(nameof(output));

    /// <summary>Escapes a command message: <c>%</c>, CR and LF.</summary>
    public static string EscapeData(string? value) => Escape(value, property: false);

    /// <summary>Escapes a command property value: as a message, plus <c>:</c> and <c>,</c>.</summary>
    public static string EscapeProperty(string? value) => Escape(value, property: true);

    private static string Escape(string? value, bool property)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            switch (c)
            {
                case '%': sb.Append("%25"); break;
                case '\r': sb.Append("%0D"); break;
                case '\n': sb.Append("%0A"); break;
                case ':' when property: sb.Append("%3A"); break;
                case ',' when property: sb.Append("%2C"); break;
                default: sb.Append(c); break;
            }
        }

        return sb.ToString();
    }

    /// <summary>Formats one command line (without the newline).</summary>
    public static string Format(string command, IEnumerable<KeyValuePair<string, string?>>? properties, string? message)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        var sb = new StringBuilder("::").Append(command);
        var first = true;
        foreach (var (key, value) in properties ?? [])
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            sb.Append(first ? ' ' : ',').Append(key).Append('=').Append(EscapeProperty(value));
            first = false;
        }

        return sb.Append("::").Append(EscapeData(message)).ToString();
    }

    /// <summary>Registers a secret so that the runner masks it (and each of its lines) in the log.</summary>
    public void AddMask(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return;
        }

        Output.WriteLine(Format("add-mask", null, secret));
        Output.Flush();
    }

    public void Warning(string message, string? title = null, string? file = null, int? line = null) =>
        Issue("warning", message, title, file, line);

    public void Error(string message, string? title = null, string? file = null, int? line = null) =>
        Issue("error", message, title, file, line);

    public void Notice(string message, string? title = null) => Issue("notice", message, title, null, null);

    public void Debug(string message) => Output.WriteLine(Format("debug", null, Masked(message)));

    public void Group(string title) => Output.WriteLine(Format("group", null, title));

    public void EndGroup() => Output.WriteLine("::endgroup::");

    /// <summary>A plain log line. A line that could look like a command (<c>::</c> or <c>##[</c> after leading spaces) is prefixed so it cannot run.</summary>
    public void Info(string message)
    {
        foreach (var line in Masked(message).Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n'))
        {
            var trimmed = line.TrimStart();
            // The runner trims leading whitespace before looking for a command, so defuse with a visible prefix.
            Output.WriteLine(trimmed.StartsWith("::", StringComparison.Ordinal) || trimmed.StartsWith("##[", StringComparison.Ordinal) ? "» " + line : line);
        }
    }

    private void Issue(string kind, string message, string? title, string? file, int? line)
    {
        var text = Masked(message);
        if (text.Length > MaxMessageLength)
        {
            text = text[..(MaxMessageLength - 1)] + "…";
        }

        Output.WriteLine(Format(
            kind,
            [
                new("file", file),
                new("line", line?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("title", title),
            ],
            text));
    }

    private string Masked(string? message) => masker?.Mask(message) ?? message ?? string.Empty;
}
