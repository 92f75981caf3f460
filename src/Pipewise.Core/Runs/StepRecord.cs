using System.Text.Json.Serialization;

namespace Pipewise.Core.Runs;

public sealed record StepRecord
{
    public required string Name { get; init; }
    public int? Number { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public RunResult? Result { get; init; }

    [JsonIgnore]
    public double? DurationSeconds =>
        StartedAt is { } s && FinishedAt is { } f && f >= s ? (f - s).TotalSeconds : null;
}
