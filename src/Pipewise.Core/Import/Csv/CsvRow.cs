namespace Pipewise.Core.Import;

/// <summary>One CSV record with the physical line it started on (1-based, the header is line 1).</summary>
public sealed record CsvRow(long Line, IReadOnlyList<string> Fields);
