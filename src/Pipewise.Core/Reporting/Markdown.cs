using System.Text;

namespace Pipewise.Core.Reporting;

/// <summary>Escaping for untrusted text (branch names, commit messages, job names) written into markdown.</summary>
public static class Markdown
{
    /// <summary>
    /// Escapes text for inline markdown: markdown punctuation is backslash-escaped, HTML-significant characters
    /// become entities (so a branch holding HTML cannot inject), and line breaks become spaces.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '&': sb.Append("&amp;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\r':
                case '\n': sb.Append(' '); break;
                case '\\' or '`' or '*' or '_' or '{' or '}' or '[' or ']' or '(' or ')' or '#' or '+' or '-' or '.' or '!' or '|' or '~' or '@' or ':':
                    sb.Append('\\').Append(c);
                    break;
                default:
                    sb.Append(char.IsControl(c) ? ' ' : c);
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>Text for inside a fenced code block: the fence cannot be closed by the content.</summary>
    public static string CodeFence(string language, string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var fence = "```";
        while (code.Contains(fence, StringComparison.Ordinal))
        {
            fence += "`";
        }

        return $"{fence}{language}\n{code.TrimEnd()}\n{fence}";
    }
}
