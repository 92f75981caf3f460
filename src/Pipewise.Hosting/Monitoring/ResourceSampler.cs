using System.Globalization;
using Pipewise.Core.Runs;

namespace Pipewise.GitHub.Monitoring;

/// <summary>
/// Samples CPU, memory, disk and network of the machine. On Linux from /proc (stat, meminfo, diskstats, net/dev);
/// elsewhere best effort (memory total only). Rates are computed between two consecutive samples.
/// </summary>
public sealed class ResourceSampler(string procRoot = "/proc", TimeProvider? time = null)
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private Counters? previous;

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

        var current = Read(now);
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

    private Counters Read(DateTimeOffset at)
    {
        var c = new Counters { At = at };
        var stat = ReadLines("stat").FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        if (stat is not null)
        {
            var f = stat.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(ParseLong).ToList();
            if (f.Count >= 4)
            {
                // user nice system idle iowait irq softirq steal; guest is already in user.
                c.CpuTotal = f.Take(8).Sum();
                c.CpuIdle = f[3] + (f.Count > 4 ? f[4] : 0);
            }
        }

        foreach (var line in ReadLines("meminfo"))
        {
            if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
            {
                c.MemTotalKb = ParseLong(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
            }
            else if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
            {
                c.MemAvailableKb = ParseLong(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
            }
        }

        long read = 0, written = 0;
        var anyDisk = false;
        foreach (var line in ReadLines("diskstats"))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 10 || !IsWholeDisk(f[2]))
            {
                continue;
            }

            read += ParseLong(f[5]);
            written += ParseLong(f[9]);
            anyDisk = true;
        }

        if (anyDisk)
        {
            c.SectorsRead = read;
            c.SectorsWritten = written;
        }

        long rx = 0, tx = 0;
        var anyNet = false;
        foreach (var line in ReadLines("net/dev").Skip(2))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || line[..colon].Trim() == "lo")
            {
                continue;
            }

            var f = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length >= 9)
            {
                rx += ParseLong(f[0]);
                tx += ParseLong(f[8]);
                anyNet = true;
            }
        }

        if (anyNet)
        {
            c.NetReceived = rx;
            c.NetSent = tx;
        }

        return c;
    }

    // sda, vda, xvda, nvme0n1, mmcblk0 count; partitions (sda1, nvme0n1p1), loop, ram, dm, sr do not.
    internal static bool IsWholeDisk(string name) =>
        !name.StartsWith("loop", StringComparison.Ordinal) && !name.StartsWith("ram", StringComparison.Ordinal)
        && !name.StartsWith("dm-", StringComparison.Ordinal) && !name.StartsWith("sr", StringComparison.Ordinal)
        && (name.StartsWith("nvme", StringComparison.Ordinal) || name.StartsWith("mmcblk", StringComparison.Ordinal)
            ? !name.Contains('p', StringComparison.Ordinal) || name.LastIndexOf('p') < name.LastIndexOf('n')
            : !char.IsDigit(name[^1]));

    private IEnumerable<string> ReadLines(string relative)
    {
        var path = Path.Combine(procRoot, relative);
        try
        {
            return File.Exists(path) ? File.ReadAllLines(path) : [];
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static long ParseLong(string s) => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;

    private sealed class Counters
    {
        public DateTimeOffset At { get; init; }
        public long CpuTotal { get; set; }
        public long CpuIdle { get; set; }
        public long? MemTotalKb { get; set; }
        public long? MemAvailableKb { get; set; }
        public long? SectorsRead { get; set; }
        public long? SectorsWritten { get; set; }
        public long? NetReceived { get; set; }
        public long? NetSent { get; set; }
    }
}
