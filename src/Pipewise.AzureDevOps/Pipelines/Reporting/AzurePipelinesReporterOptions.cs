namespace Pipewise.AzureDevOps.Pipelines;

/// <summary>What the reporter does besides the logging commands.</summary>
public sealed record AzurePipelinesReporterOptions
{
    public bool PostStatus { get; init; } = true;
    public bool PostComment { get; init; } = true;

    /// <summary>Folder for the summary file; AGENT_TEMPDIRECTORY or the system temp folder when null.</summary>
    public string? SummaryDirectory { get; init; }
}
