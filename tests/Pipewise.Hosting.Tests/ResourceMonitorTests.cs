using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Pipewise.Hosting.Monitoring;

namespace Pipewise.Hosting.Tests;

[TestClass]
public sealed class ResourceMonitorTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Sample_FakeProc_ComputesCpuMemoryDiskAndNetwork()
    {
        var proc = Directory.CreateTempSubdirectory("pipewise-proc-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(proc, "net"));
            WriteProc(proc, cpuBusy: 100, cpuIdle: 900, sectorsRead: 0, sectorsWritten: 0, rx: 0, tx: 0);
            var clock = new SteppingTime(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), TimeSpan.FromSeconds(2));
            var sampler = new ResourceSampler(proc, clock);
            var first = sampler.Sample();
            Assert.IsNull(first.CpuPercent, "the first sample has no rates");
            Assert.AreEqual(4000, first.MemoryTotalMb);
            Assert.AreEqual(3000, first.MemoryUsedMb);

            // 2 s later: 300 busy + 100 idle jiffies more; 4 MiB read, 2 MiB written; 1 MiB in, 0.5 MiB out (lo ignored).
            WriteProc(proc, cpuBusy: 400, cpuIdle: 1000, sectorsRead: 8192, sectorsWritten: 4096, rx: 1048576, tx: 524288);
            var second = sampler.Sample();
            Assert.AreEqual(75, second.CpuPercent);
            Assert.AreEqual(2, second.DiskReadMbPerSecond);
            Assert.AreEqual(1, second.DiskWriteMbPerSecond);
            Assert.AreEqual(0.5, second.NetworkReceiveMbPerSecond);
            Assert.AreEqual(0.25, second.NetworkSendMbPerSecond);
        }
        finally
        {
            Directory.Delete(proc, recursive: true);
        }
    }

    [TestMethod]
    [DataRow("sda", true)]
    [DataRow("sda1", false)]
    [DataRow("nvme0n1", true)]
    [DataRow("nvme0n1p1", false)]
    [DataRow("loop0", false)]
    [DataRow("dm-0", false)]
    public void IsWholeDisk_DeviceNames_OnlyWholeDisksCount(string name, bool expected) =>
        Assert.AreEqual(expected, ProcCounters.IsWholeDisk(name));

    [TestMethod]
    public async Task RunAsync_StopFile_EndsTheLoopAndSamplesReadBack()
    {
        var dir = Directory.CreateTempSubdirectory("pipewise-monitor-").FullName;
        try
        {
            var loop = SamplerLoop.RunAsync(dir, new MonitorOptions { Interval = TimeSpan.FromMilliseconds(50), MaxLifetime = TimeSpan.FromMinutes(1) }, cancellationToken: TestContext.CancellationToken);
            var deadline = Stopwatch.StartNew();
            while ((SamplesFile.Read(dir)?.Count ?? 0) < 3 && deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(50, TestContext.CancellationToken);
            }

            File.WriteAllText(Path.Combine(dir, ResourceMonitor.StopFile), "stop");
            await loop.WaitAsync(TimeSpan.FromSeconds(10), TestContext.CancellationToken);

            var samples = SamplesFile.Read(dir)!;
            Assert.IsGreaterThanOrEqualTo(3, samples.Count);
            if (OperatingSystem.IsLinux())
            {
                Assert.IsTrue(samples.Any(s => s.CpuPercent is not null), "Linux samples carry CPU %");
                Assert.IsTrue(samples.All(s => s.MemoryUsedMb is > 0));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void StartAndStop_DetachedChild_IsStoppedByItsRecordedId()
    {
        if (!File.Exists("/bin/sleep"))
        {
            Assert.Inconclusive("needs /bin/sleep as a stand-in child process");
        }

        var dir = Directory.CreateTempSubdirectory("pipewise-monitor-").FullName;
        try
        {
            var pid = ResourceMonitor.Start(dir, "/bin/sleep", ["60"]);
            Assert.IsTrue(ResourceMonitor.IsRunning(dir, out var recorded));
            Assert.AreEqual(pid, recorded);
            Assert.AreEqual(pid, ResourceMonitor.Start(dir, "/bin/sleep", ["60"]), "a second start reuses the running monitor");

            Assert.IsTrue(ResourceMonitor.Stop(dir, TimeSpan.FromMilliseconds(200)));

            Assert.IsFalse(ResourceMonitor.IsRunning(dir, out _));
            using var gone = TryGet(pid);
            Assert.IsTrue(gone is null || gone.HasExited);
            Assert.IsFalse(ResourceMonitor.Stop(dir), "stopping twice is harmless");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public async Task RunAsync_NoStopFile_EndsByItselfAfterTheMaximumLifetime()
    {
        using var dir = new TempDir();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var options = new MonitorOptions { Interval = TimeSpan.FromMinutes(10) };

        var loop = SamplerLoop.RunAsync(dir.Path, options, new ResourceSampler("/nonexistent", time), time, TestContext.CancellationToken);
        time.Advance(TimeSpan.FromHours(5));
        Assert.IsFalse(loop.IsCompleted, "still sampling before the 6 h default");
        time.Advance(TimeSpan.FromHours(1));

        await loop.WaitAsync(TimeSpan.FromSeconds(10), TestContext.CancellationToken);
        Assert.AreEqual(TimeSpan.FromHours(6), MonitorOptions.DefaultMaxLifetime);
    }

    [TestMethod]
    [DataRow(5.0, 6.0, 5.0, 6.0)]
    [DataRow(0.0, 0.0, 0.2, 0.01)]
    [DataRow(1000.0, 1000.0, 300.0, 72.0)]
    [DataRow(double.NaN, double.PositiveInfinity, 0.2, 0.01)]
    public void Clamped_UserSettings_StayInTheirSafeRange(double seconds, double hours, double expectedSeconds, double expectedHours)
    {
        var options = MonitorOptions.Clamped(seconds, hours);

        Assert.AreEqual(expectedSeconds, options.Interval.TotalSeconds, 1e-9);
        Assert.AreEqual(expectedHours, options.MaxLifetime.TotalHours, 1e-9);
    }

    private static Process? TryGet(int pid)
    {
        try
        {
            return Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static void WriteProc(string proc, long cpuBusy, long cpuIdle, long sectorsRead, long sectorsWritten, long rx, long tx)
    {
        File.WriteAllText(Path.Combine(proc, "stat"), $"cpu  {cpuBusy} 0 0 {cpuIdle} 0 0 0 0 0 0\ncpu0 1 2 3 4\n");
        File.WriteAllText(Path.Combine(proc, "meminfo"), "MemTotal:        4096000 kB\nMemFree:          100000 kB\nMemAvailable:    1024000 kB\n");
        File.WriteAllText(Path.Combine(proc, "diskstats"),
            $"   8       0 sda 10 0 {sectorsRead} 0 5 0 {sectorsWritten} 0 0 0 0\n" +
            $"   8       1 sda1 10 0 {sectorsRead} 0 5 0 {sectorsWritten} 0 0 0 0\n" +
            "   7       0 loop0 1 0 99999 0 0 0 99999 0 0 0 0\n");
        File.WriteAllText(Path.Combine(proc, "net", "dev"),
            "Inter-|   Receive                                                |  Transmit\n" +
            " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n" +
            "    lo: 999999 1 0 0 0 0 0 0 999999 1 0 0 0 0 0 0\n" +
            $"  eth0: {rx} 1 0 0 0 0 0 0 {tx} 1 0 0 0 0 0 0\n");
    }

    private sealed class SteppingTime(DateTimeOffset start, TimeSpan step) : TimeProvider
    {
        private DateTimeOffset now = start - step;

        public override DateTimeOffset GetUtcNow() => now += step;
    }
}
