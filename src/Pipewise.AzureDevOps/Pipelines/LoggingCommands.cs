using System.Text;
using Pipewise.Hosting.Secrets;

namespace Pipewise.AzureDevOps.Pipelines;

/// <summary>
/// Azure Pipelines logging commands (<c>##vso[area.event key=value;…]data</c>) written with the agent's escaping,
/// so that untrusted text (branch names, build names, messages) can never end a property, end the command, start a
/// new line or forge a second command. Plain text lines are neutralised too: the agent finds <c>##vso[</c> anywhere
/// in a line. Human text (lines, issues, the completion message) goes through the run's <see cref="SecretMasker"/>,
/// when given, before it is written.
/// </summary>
public sealed class LoggingCommands(TextWriter output, SecretMasker? masker = null)
{
    private readonly TextWriter output = output ?? throw new ArgumentNullException(nameof(output));

    /// <summary>
    /// Escapes a property value or the data of a command: <c>%</c>→<c>%AZP25</c> (first), <c>\r</c>→<c>%0D</c>,
    /// <c>\n</c>→<c>%0A</c>, <c>;</c>→<c>%3B</c>, <c>]</c>→<c>%5D</c> (agent CommandStringConvertor).
    /// </summary>
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '%': sb.Append("%AZP25"); break;
                case '\r': sb.Append("%0D"); break;
                case '\n': sb.Append("%0A"); break;
                case ';': sb.Append("%3B"); break;
                case ']': sb.Append("%5D"); break;
                default: sb.Append(c); break;
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Makes untrusted text safe as a plain log line: line breaks become spaces and <c>##</c> is split, so neither
    /// <c>##vso[</c> nor <c>##[</c> can appear.
    /// </summary>
    public static string Plain(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029')
            {
                sb.Append(' ');
            }
            else if (c == '#' && sb.Length > 0 && sb[^1] == '#')
            {
                sb.Append('\u200B').Append('#');
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Formats one command line. Names (area, event, keys) are ours; values and data are escaped.</summary>
    public static string Format(string command, IEnumerable<KeyValuePair<string, string?>>? properties, string? data)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        var sb = new StringBuilder("##vso[").Append(command);
        var first = true;
        foreach (var (key, value) in properties ?? [])
        {
            if (value is null)
            {
                continue;
            }

            sb.Append(first ? ' ' : ';').Append(key).Append('=').Append(Escape(value));
            first = false;
        }

        return sb.Append(']').Append(Escape(data)).ToString();
    }

    public void Command(string command, IEnumerable<KeyValuePair<string, string?>>? properties, string? data) =>
        output.WriteLine(Format(command, properties, data));

    /// <summary>A plain line of text (neutralised).</summary>
    public void Line(string? text) => output.WriteLine(Plain(Masked(text)));

    /// <summary><c>##vso[task.setsecret]value</c>: masks the value in all later output.</summary>
    public void SetSecret(string value) => Command("task.setsecret", null, value);

    /// <summary>
    /// <c>##vso[task.logissue type=warning|error]message</c>. The message is human text, so besides the escaping a
    /// <c>##</c> in it is split as in <see cref="Plain"/> (the agent reads one command per line; this is defence in depth).
    /// </summary>
    public void LogIssue(bool error, string message) =>
        Command("task.logissue", [new("type", error ? "error" : "warning")], Plain(Masked(message)));

    /// <summary><c>##vso[task.setvariable variable=NAME;isOutput=true]VALUE</c>.</summary>
    public void SetOutputVariable(string name, string value) =>
        Command("task.setvariable", [new("variable", name), new("isOutput", "true")], value);

    /// <summary><c>##vso[task.uploadsummary]/abs/path.md</c>.</summary>
    public void UploadSummary(string absolutePath) => Command("task.uploadsummary", null, absolutePath);

    /// <summary><c>##vso[build.addbuildtag]TAG</c>; colons are not allowed in tags and become dashes.</summary>
    public void AddBuildTag(string tag)
    {
        var clean = (tag ?? string.Empty).Replace(':', '-').Trim();
        if (clean.Length > 0)
        {
            Command("build.addbuildtag", null, clean);
        }
    }

    /// <summary><c>##vso[task.complete result=Succeeded|SucceededWithIssues|Failed;]message</c>.</summary>
    public void Complete(string result, string message) => Command("task.complete", [new("result", result)], Plain(Masked(message)));

    private string? Masked(string? text) => masker is null ? text : masker.Mask(text);
}
