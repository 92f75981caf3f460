namespace Pipewise.Storage;

/// <summary>Sizes of the v2 run log (ADR 0011). The defaults suit real pipelines; tests use small segments.</summary>
public sealed record SegmentOptions
{
    /// <summary>
    /// An open segment whose complete lines reach this many bytes is sealed (compressed, immutable) and a new one is
    /// opened. About 1 700 typical runs at the default 1 MiB.
    /// </summary>
    public int SealBytes { get; init; } = 1024 * 1024;

    /// <summary>The most bytes one append request carries (a batch is split into several).</summary>
    public int MaxAppendBytes { get; init; } = 2 * 1024 * 1024;
}
