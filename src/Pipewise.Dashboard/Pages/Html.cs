using System.Globalization;
using System.Net;
using System.Text;

namespace Pipewise.Dashboard.Pages;

/// <summary>Escaping, number formats and the page frame shared by every page.</summary>
public static class Html
{
    /// <summary>Longest untrusted string shown in a cell (names, branches, reasons); longer ones are clipped with "…".</summary>
    public const int MaxText = 300;

    /// <summary>HTML-escapes text for element content and double-quoted attributes, clipped to <see cref="MaxText"/>.</summary>
    public static string E(string? text)
    {
        text ??= string.Empty;
        if (text.Length > MaxText)
        {
            text = text[..MaxText] + "…";
        }

        return WebUtility.HtmlEncode(text);
    }

    /// <summary>The summaries' duration format ("42s", "3m 05s", "1h 02m"), with "n/a" for unknown.</summary>
    public static string Duration(double? seconds) =>
        seconds is { } s && double.IsFinite(s) ? Core.Reporting.SummaryRenderer.FormatDuration(Math.Max(0, s)) : "n/a";

    public static string Percent(double? share, string format = "0") =>
        share is { } v && double.IsFinite(v) ? (100 * v).ToString(format, CultureInfo.InvariantCulture) + " %" : "n/a";

    public static string Number(double? value, string format = "0") =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    public static string Time(DateTimeOffset? at) =>
        at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : "n/a";

    /// <summary>Machine-readable attribute value: invariant number, or empty for unknown.</summary>
    public static string Data(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : string.Empty;

    public static void Open(StringBuilder sb, string title)
    {
        ArgumentNullException.ThrowIfNull(sb);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
          .Append("<title>").Append(E(title)).Append("</title><style>").Append(Css).Append("</style></head><body>\n");
    }

    public static void Close(StringBuilder sb) => sb.Append("\n</body></html>\n");

    private const string Css =
        "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:20px 28px;color:#1f2328;background:#fff;font-size:14px}" +
        "h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #d0d7de;padding-bottom:4px}h3{font-size:15px}" +
        "a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}" +
        "table{border-collapse:collapse;font-size:13px;margin:8px 0;width:100%}td,th{border-bottom:1px solid #d0d7de;padding:5px 8px;text-align:left;vertical-align:top}" +
        "th{background:#f6f8fa;white-space:nowrap;position:sticky;top:0}th a{color:#1f2328}th.sorted a::after{content:' ▾'}th.sorted.asc a::after{content:' ▴'}" +
        ".num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}" +
        ".pass{color:#1a7f37;font-weight:600}.warn{color:#9a6700;font-weight:600}.fail{color:#cf222e;font-weight:600}" +
        ".up{color:#cf222e}.down{color:#1a7f37}.flag{color:#cf222e;font-weight:600}.muted{color:#656d76;font-size:12px}.problem{color:#9a6700}" +
        ".filters{display:flex;flex-wrap:wrap;gap:8px;align-items:end;margin:12px 0}.filters label{display:flex;flex-direction:column;font-size:12px;color:#656d76}" +
        ".filters input,.filters select,.filters button{font-size:14px;padding:4px 6px}" +
        ".tiles{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}.tile{border:1px solid #d0d7de;border-radius:6px;padding:8px 14px;min-width:120px}.tile b{display:block;font-size:20px}" +
        "figure.chart{margin:12px 0;border:1px solid #d0d7de;border-radius:6px;padding:8px}figcaption{font-weight:600;margin-bottom:4px}" +
        "svg .grid{stroke:#eaeef2}svg .axis,svg .tick{stroke:#8c959f}svg text{font-size:11px;fill:#57606a}svg .band{fill:#d8b9ff;opacity:.55}svg .dot:hover{stroke:#1f2328;stroke-width:2}" +
        ".pager{margin:10px 0;display:flex;gap:12px}.snippet{background:#f6f8fa;padding:8px;overflow:auto;font-size:12px}" +
        "li{margin:2px 0}.key{color:#656d76;font-size:12px;word-break:break-all}";
}
