namespace Pipewise.Core.Runs;

/// <summary>Escapes key parts so that they are safe as one path segment in a folder or a blob name.</summary>
public static class KeyEscaping
{
    public static string Escape(string part)
    {
        ArgumentNullException.ThrowIfNull(part);
        var sb = new System.Text.StringBuilder(part.Length);
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(part))
        {
            var c = (char)b;
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' || (c == '.' && sb.Length > 0))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    public static string Unescape(string part) => Uri.UnescapeDataString(part);
}
