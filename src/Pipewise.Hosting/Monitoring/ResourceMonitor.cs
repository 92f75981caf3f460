using System.Diagnostics;
using System.Globalization;

namespace Pipewise.Hosting.Monitoring;

/// <summary>
/// The background resource monitor of a job: <see cref="Start"/> launches a detached child process (running
/// <see cref="SamplerLoop"/>) that appends samples to <see cref="SamplesFile"/> in a folder under the runner's temp
/// folder; <see cref="Stop"/> asks it to stop (a stop file) and ends it by its recorded process id if it does not.
/// The <c>pipewise run</c> step of either CI host stops it before it reads the samples (<see cref="RunEnricher"/>);
/// without that step the sampler ends by itself after <see cref="MonitorOptions.MaxLifetime"/>.
/// </summary>
public static class ResourceMonitor
{
    public const string PidFile = "monitor.pid";
    public const string StopFile = "stop";

    /// <summary>RUNNER_TEMP (GitHub), AGENT_TEMPDIRECTORY (Azure Pipelines), else the system temp folder; plus "pipewise-monitor".</summary>
    public static string DefaultDirectory(IReadOnlyDictionary<string, string?> env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var root = new[] { "RUNNER_TEMP", "AGENT_TEMPDIRECTORY" }
            .Select(k => env.TryGetValue(k, out var v) ? v : null)
            .FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) ?? Path.GetTempPath();
        return Path.Combine(root, "pipewise-monitor");
    }

    /// <summary>
    /// Starts the sampler as a detached child: <paramref name="executable"/> with <paramref name="arguments"/> (the
    /// CLI passes itself with <c>monitor run</c>). Its standard streams are pipes we close, so the step does not wait
    /// for it. Returns the process id.
    /// </summary>
    public static int Start(string directory, string executable, IEnumerable<string> arguments)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(executable);
        Directory.CreateDirectory(directory);
        if (IsRunning(directory, out var existing))
        {
            return existing;
        }

        File.Delete(Path.Combine(directory, StopFile));
        var psi = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
            WorkingDirectory = directory,
        };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start the resource monitor ({executable}).");
        process.StandardInput.Close();
        process.StandardOutput.Close();
        process.StandardError.Close();
        var startTicks = SafeStartTime(process);
        File.WriteAllText(Path.Combine(directory, PidFile), string.Create(CultureInfo.InvariantCulture, $"{process.Id} {startTicks}"));
        return process.Id;
    }

    /// <summary>Stops a running monitor (stop file, then kill by its recorded id). Returns whether one was running.</summary>
    public static bool Stop(string directory, TimeSpan? grace = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            return false;
        }

        var running = IsRunning(directory, out var pid);
        File.WriteAllText(Path.Combine(directory, StopFile), "stop");
        if (running)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                if (!process.WaitForExit(grace ?? TimeSpan.FromSeconds(3)))
                {
                    process.Kill();
                    process.WaitForExit(5000);
                }
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
            catch (InvalidOperationException)
            {
            }
        }

        File.Delete(Path.Combine(directory, PidFile));
        return running;
    }

    /// <summary>Whether the process recorded in the pid file is still the monitor we started.</summary>
    public static bool IsRunning(string directory, out int pid)
    {
        pid = 0;
        var file = Path.Combine(directory, PidFile);
        if (!File.Exists(file))
        {
            return false;
        }

        var parts = File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 1 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out pid))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.HasExited)
            {
                return false;
            }

            // A recycled id belongs to another process: its start time differs from the recorded one.
            return parts.Length < 2 || parts[1] == "0" || parts[1] == SafeStartTime(process).ToString(CultureInfo.InvariantCulture);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static long SafeStartTime(Process process)
    {
        try
        {
            return process.StartTime.ToUniversalTime().Ticks / TimeSpan.TicksPerSecond;
        }
        catch (InvalidOperationException)
        {
            return 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return 0;
        }
    }
}
