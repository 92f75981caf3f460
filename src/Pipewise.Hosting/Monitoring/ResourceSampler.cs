using Pipewise.Core.Runs;

namespace Pipewise.Hosting.Monitoring;

/// <summary>
/// Samples CPU, memory, disk and network of the machine. On Linux from /proc (stat, meminfo, diskstats, net/dev);
/// elsewhere best effort (memory total only). Rates are computed between two consecutive samples.
/// </summary>
public sealed class ResourceSampler(string procRoot = "/proc", TimeProvider? time = null)
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private ProcCounters? previous;

    public bool HasProc => File.Exists(Path.Combine(procRoot, "stat"));

    /// <summary>Takes one sample; the first one has no rates (they need a previous reading).</summary>
    public ResourceSample Sample()
    {
        var now = clock.GetUtcNow();
        if (!HasProc)
        {
            var info = GC.GetGCMemoryInfo();
            return new ResourceSample
            {
                At = now,
                MemoryTotalMb = info.TotalAvailableMemoryBytes > 0 ? Math.Round(info.TotalAvailableMemoryBytes / 1048576.0, 1) : null,
            };
        }

        var current = ProcCounters.Read(procRoot, now);
        var sample = new ResourceSample
        {
            At = now,
            MemoryTotalMb = current.MemTotalKb is { } t ? Math.Round(t / 1024.0, 1) : null,
            MemoryUsedMb = current.MemTotalKb is { } t2 && current.MemAvailableKb is { } a ? Math.Round((t2 - a) / 1024.0, 1) : null,
        };
        if (previous is { } p)
        {
            var seconds = (current.At - p.At).TotalSeconds;
            if (seconds > 0)
            {
                sample = sample with
                {
                    CpuPercent = current.CpuTotal > p.CpuTotal ? Math.Round(100.0 * (1 - ((double)(current.CpuIdle - p.CpuIdle) / (current.CpuTotal - p.CpuTotal))), 1) : null,
                    DiskReadMbPerSecond = Rate(p.SectorsRead, current.SectorsRead, 512, seconds),
                    DiskWriteMbPerSecond = Rate(p.SectorsWritten, current.SectorsWritten, 512, seconds),
                    NetworkReceiveMbPerSecond = Rate(p.NetReceived, current.NetReceived, 1, seconds),
                    NetworkSendMbPerSecond = Rate(p.NetSent, current.NetSent, 1, seconds),
                };
            }
        }

        previous = current;
        return sample;
    }

    private static double? Rate(long? before, long? after, int unit, double seconds) =>
        before is { } b && after is { } a && a >= b ? Math.Round((a - b) * (double)unit / 1048576.0 / seconds, 3) : null;
}
