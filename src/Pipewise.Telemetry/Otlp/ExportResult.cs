namespace Pipewise.Telemetry.Otlp;

/// <summary>What an export did: whether the collector took it, how many spans, how long, and why not.</summary>
public sealed record ExportResult(bool Delivered, int Spans, TimeSpan Elapsed, string? Problem);
