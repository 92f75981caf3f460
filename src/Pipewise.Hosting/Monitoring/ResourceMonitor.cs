using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pipewise.Core.Runs;

namespace Pipewise.GitHub.Monitoring;

/// <summary>
/// The background resource monitor of a job: <see cref="Start"/> launches a detached child process that appends one
/// JSON sample per line to <c>samples.jsonl</c> in a folder under the runner's temp folder; <see cref="Stop"/> asks
/// it to stop (a stop file) and ends it by its recorded process id if it does not; <see cref="ReadSamples"/> reads them.
/// </summary>
public static class ResourceMonitor
{
    public const string SamplesFile = "samples.jsonl";
    public const string PidFile = "monitor.pid";
    public const string StopFile = "stop";

    /// <summary>Samples older than this many are dropped when reading (a 6 h job at 5 s is 4320).</summary>
    public const int MaxSamples = 5000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

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

    /// <summary>The sampler loop run by the child process: one sample per interval until the stop file appears, the token is cancelled or <paramref name="maxDuration"/> passes.</summary>
    public static async Task RunAsync(string directory, TimeSpan interval, TimeSpan maxDuration, ResourceSampler? sampler = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        sampler ??= new ResourceSampler();
        var samples = Path.Combine(directory, SamplesFile);
        var stop = Path.Combine(directory, StopFile);
        var until = DateTimeOffset.UtcNow + maxDuration;
        sampler.Sample();
        while (!cancellationToken.IsCancellationRequested && DateTimeOffset.UtcNow < until && !File.Exists(stop))
        {
            try
            {
                await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var line = JsonSerializer.Serialize(sampler.Sample(), Json);
            await File.AppendAllTextAsync(samples, line + "\n", CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the samples; malformed lines (a line cut by a kill) are skipped. Null when there are none.</summary>
    public static IReadOnlyList<ResourceSample>? ReadSamples(string directory)
    {
        var path = Path.Combine(directory, SamplesFile);
        if (!File.Exists(path))
        {
            return null;
        }

        var list = new List<ResourceSample>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize<ResourceSample>(line, Json) is { } sample)
                {
                    list.Add(sample);
                }
            }
            catch (JsonException)
            {
            }
        }

        return list.Count == 0 ? null : list.Count > MaxSamples ? list[^MaxSamples..] : list;
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
