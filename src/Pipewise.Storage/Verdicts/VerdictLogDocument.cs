using Pipewise.Core.Gate;

namespace Pipewise.Storage.Verdicts;

/// <summary>The stored verdict log of one pipeline (<c>verdicts/&lt;pipeline&gt;.json</c>).</summary>
public sealed record VerdictLogDocument
{
    public int SchemaVersion { get; init; } = 1;
    public required string Pipeline { get; init; }
    public List<VerdictRecord> Verdicts { get; init; } = [];
}
