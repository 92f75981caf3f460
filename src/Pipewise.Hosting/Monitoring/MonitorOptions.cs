namespace Pipewise.Hosting.Monitoring;

/// <summary>
/// How the background sampler runs. Values given by a user go through <see cref="Clamped"/> (actions/runner's knobs:
/// a default, clamped to a safe range), so that a sampler always ends by itself.
/// </summary>
public sealed record MonitorOptions
{
    /// <summary>Default time between samples: 5 s.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);

    /// <summary>Shortest and longest time between samples a user may set: 0.2 s to 300 s.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(0.2), MaxInterval = TimeSpan.FromSeconds(300);

    /// <summary>
    /// Default maximum lifetime: 6 h, the longest GitHub-hosted job (and Azure Pipelines' hosted-agent maximum). The
    /// sampler stops by itself then, even if no <c>pipewise run</c> step ever reads the samples.
    /// </summary>
    public static readonly TimeSpan DefaultMaxLifetime = TimeSpan.FromHours(6);

    /// <summary>Shortest and longest maximum lifetime a user may set: 36 s (0.01 h) to 72 h.</summary>
    public static readonly TimeSpan MinMaxLifetime = TimeSpan.FromHours(0.01), MaxMaxLifetime = TimeSpan.FromHours(72);

    /// <summary>Time between samples. Default <see cref="DefaultInterval"/>.</summary>
    public TimeSpan Interval { get; init; } = DefaultInterval;

    /// <summary>The sampler ends this long after it started, stop file or not. Default <see cref="DefaultMaxLifetime"/>.</summary>
    public TimeSpan MaxLifetime { get; init; } = DefaultMaxLifetime;

    /// <summary>How often the loop looks for the stop file between samples; at most 250 ms, so a stop is quick.</summary>
    public TimeSpan StopPoll => Interval < TimeSpan.FromMilliseconds(250) ? Interval : TimeSpan.FromMilliseconds(250);

    /// <summary>Options from user settings (seconds, hours), each clamped to its safe range.</summary>
    public static MonitorOptions Clamped(double intervalSeconds, double maxHours) => new()
    {
        Interval = Clamp(TimeSpan.FromSeconds(double.IsFinite(intervalSeconds) ? intervalSeconds : 0), MinInterval, MaxInterval),
        MaxLifetime = Clamp(TimeSpan.FromHours(double.IsFinite(maxHours) ? maxHours : 0), MinMaxLifetime, MaxMaxLifetime),
    };

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;
}
