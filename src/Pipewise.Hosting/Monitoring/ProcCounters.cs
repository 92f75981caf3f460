using System.Globalization;

namespace Pipewise.Hosting.Monitoring;

/// <summary>One reading of the Linux counters under /proc: CPU jiffies, memory, whole-disk sectors, network bytes (not lo).</summary>
internal sealed class ProcCounters
{
    public DateTimeOffset At { get; init; }
    public long CpuTotal { get; private set; }
    public long CpuIdle { get; private set; }
    public long? MemTotalKb { get; private set; }
    public long? MemAvailableKb { get; private set; }
    public long? SectorsRead { get; private set; }
    public long? SectorsWritten { get; private set; }
    public long? NetReceived { get; private set; }
    public long? NetSent { get; private set; }

    public static ProcCounters Read(string procRoot, DateTimeOffset at)
    {
        var c = new ProcCounters { At = at };
        var stat = ReadLines(procRoot, "stat").FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        var cpu = stat?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(ParseLong).ToList() ?? [];
        if (cpu.Count >= 4)
        {
            // user nice system idle iowait irq softirq steal; guest is already in user.
            c.CpuTotal = cpu.Take(8).Sum();
            c.CpuIdle = cpu[3] + (cpu.Count > 4 ? cpu[4] : 0);
        }

        foreach (var line in ReadLines(procRoot, "meminfo"))
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

        var disks = ReadLines(procRoot, "diskstats")
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 10 && IsWholeDisk(f[2]))
            .ToList();
        if (disks.Count > 0)
        {
            c.SectorsRead = disks.Sum(f => ParseLong(f[5]));
            c.SectorsWritten = disks.Sum(f => ParseLong(f[9]));
        }

        var interfaces = ReadLines(procRoot, "net/dev").Skip(2)
            .Select(l => (Line: l, Colon: l.IndexOf(':', StringComparison.Ordinal)))
            .Where(x => x.Colon >= 0 && x.Line[..x.Colon].Trim() != "lo")
            .Select(x => x.Line[(x.Colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 9)
            .ToList();
        if (interfaces.Count > 0)
        {
            c.NetReceived = interfaces.Sum(f => ParseLong(f[0]));
            c.NetSent = interfaces.Sum(f => ParseLong(f[8]));
        }

        return c;
    }

    // sda, vda, xvda, nvme0n1, mmcblk0 count; partitions (sda1, nvme0n1p1), loop, ram, dm, sr do not.
    public static bool IsWholeDisk(string name) =>
        !name.StartsWith("loop", StringComparison.Ordinal) && !name.StartsWith("ram", StringComparison.Ordinal)
        && !name.StartsWith("dm-", StringComparison.Ordinal) && !name.StartsWith("sr", StringComparison.Ordinal)
        && (name.StartsWith("nvme", StringComparison.Ordinal) || name.StartsWith("mmcblk", StringComparison.Ordinal)
            ? !name.Contains('p', StringComparison.Ordinal) || name.LastIndexOf('p') < name.LastIndexOf('n')
            : !char.IsDigit(name[^1]));

    private static IEnumerable<string> ReadLines(string procRoot, string relative)
    {
        var path = Path.Combine(procRoot, relative);
        try
        {
            return File.Exists(path) ? File.ReadAllLines(path) : [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static long ParseLong(string s) => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
}
