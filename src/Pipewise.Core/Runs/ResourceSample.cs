namespace Pipewise.Core.Runs;

/// <summary>One sample of agent resources.</summary>
public sealed record ResourceSample
{
    public required DateTimeOffset At { get; init; }
    public double? CpuPercent { get; init; }
    public double? MemoryUsedMb { get; init; }
    public double? MemoryTotalMb { get; init; }
    public double? DiskReadMbPerSecond { get; init; }
    public double? DiskWriteMbPerSecond { get; init; }
    public double? NetworkReceiveMbPerSecond { get; init; }
    public double? NetworkSendMbPerSecond { get; init; }
}
