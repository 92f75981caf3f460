namespace Pipewise.Dashboard.Fleet;

/// <summary>The whole fleet as read at <see cref="GeneratedAt"/>; periods end at <see cref="AsOf"/>, the newest stored run.</summary>
public sealed record FleetSnapshot
{
    public required DateTimeOffset GeneratedAt { get; init; }
    public required DateTimeOffset AsOf { get; init; }
    public required string Store { get; init; }
    public IReadOnlyList<FleetPipeline> Pipelines { get; init; } = [];
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>How long reading the fleet took.</summary>
    public TimeSpan LoadTime { get; init; }
}
