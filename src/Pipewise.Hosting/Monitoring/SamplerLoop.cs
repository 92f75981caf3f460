using System.Text.Json;

namespace Pipewise.Hosting.Monitoring;

/// <summary>
/// The sampler run by the detached child (<c>pipewise monitor run</c>): one sample per interval appended to
/// <see cref="SamplesFile.Name"/>, until the stop file appears (the reader writes it), the token is cancelled, or
/// <see cref="MonitorOptions.MaxLifetime"/> has passed since it started.
/// </summary>
public static class SamplerLoop
{
    public static async Task RunAsync(string directory, MonitorOptions options, ResourceSampler? sampler = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Interval, TimeSpan.Zero);
        var clock = time ?? TimeProvider.System;
        var until = clock.GetUtcNow() + options.MaxLifetime;
        Directory.CreateDirectory(directory);
        sampler ??= new ResourceSampler(time: clock);
        var samples = Path.Combine(directory, SamplesFile.Name);
        var stop = Path.Combine(directory, ResourceMonitor.StopFile);
        sampler.Sample();
        var next = clock.GetUtcNow() + options.Interval;
        while (!cancellationToken.IsCancellationRequested && !File.Exists(stop) && clock.GetUtcNow() < until)
        {
            var wait = next - clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait < options.StopPoll ? wait : options.StopPoll, clock, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                continue;
            }

            var line = JsonSerializer.Serialize(sampler.Sample(), SamplesFile.Json);
            await File.AppendAllTextAsync(samples, line + "\n", CancellationToken.None).ConfigureAwait(false);
            next = clock.GetUtcNow() + options.Interval;
        }
    }
}
