namespace Pipewise.Dashboard.Pages;

/// <summary>Whether the overview is served (server-side paging) or written into a report file (every row, sorted by script).</summary>
public enum OverviewMode
{
    Server,
    Report,
}
