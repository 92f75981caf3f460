namespace Pipewise.Telemetry.Traces;

/// <summary>The kind of a span (the OTLP enum's values).</summary>
public enum TraceSpanKind
{
    Internal = 1,
    Server = 2,
}

/// <summary>A span status (the OTLP enum's values).</summary>
public enum TraceStatus
{
    Unset = 0,
    Ok = 1,
    Error = 2,
}

/// <summary>A timed event on a span (e.g. Pipewise's verdict).</summary>
public sealed record TraceEvent(DateTimeOffset At, string Name, IReadOnlyList<KeyValuePair<string, object>> Attributes);

/// <summary>
/// One span of a run's trace, with ids as lower-case hex (32 and 16 characters). Attribute values are strings, longs,
/// doubles, booleans or string arrays; they are written as plain values, never interpreted.
/// </summary>
public sealed record TraceSpan
{
    public required string TraceId { get; init; }
    public required string SpanId { get; init; }
    public string? ParentSpanId { get; init; }
    public required string Name { get; init; }
    public TraceSpanKind Kind { get; init; } = TraceSpanKind.Internal;
    public required DateTimeOffset Start { get; init; }
    public required DateTimeOffset End { get; init; }
    public IReadOnlyList<KeyValuePair<string, object>> Attributes { get; init; } = [];
    public IReadOnlyList<TraceEvent> Events { get; init; } = [];
    public TraceStatus Status { get; init; }
    public string? StatusMessage { get; init; }

    public object? Attribute(string key) => Attributes.FirstOrDefault(a => a.Key == key).Value;
}
