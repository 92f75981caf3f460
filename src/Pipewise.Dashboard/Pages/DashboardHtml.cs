namespace Pipewise.Dashboard.Pages;

/// <summary>The headers every served page carries: no script, no external resource, no sniffing, no framing.</summary>
public static class DashboardHtml
{
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'";
}
