namespace Pipewise.Core.Runs;

public sealed record DeploymentRecord
{
    public required string Environment { get; init; }
    public string? Strategy { get; init; }
    public RunResult? Result { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public double? DurationSeconds { get; init; }
}
