using System.Text.Json.Serialization;

namespace Pipewise.Core.Runs;

public sealed record JobRecord
{
    private readonly IReadOnlyList<StepRecord> steps = [];
    public required string Name { get; init; }
    public string? Id { get; init; }
    public string? Runner { get; init; }
    public string? Os { get; init; }
    public IReadOnlyList<string>? Labels { get; init; }
    public DateTimeOffset? QueuedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public RunResult? Result { get; init; }
    public IReadOnlyList<StepRecord> Steps
    {
        get => steps;
        init => steps = value ?? [];
    }

    [JsonIgnore]
    public double? DurationSeconds =>
        StartedAt is { } s && FinishedAt is { } f && f >= s ? (f - s).TotalSeconds : null;
}
