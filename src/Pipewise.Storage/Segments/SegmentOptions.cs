namespace Pipewise.Storage;

/// <summary>Sizes of the v2 run log (ADR 0011). The defaults suit real pipelines; tests use small segments.</summary>
public sealed record SegmentOptions
{
    /// <summary>
    /// An open segment whose complete lines reach this many bytes is sealed (compressed, immutable) and a new one is
    /// opened (or at <see cref="SealLines"/> lines, whichever comes first).
    /// </summary>
    public int SealBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// An open segment with this many lines is sealed too, whatever its size: most pipelines' runs are then at rest
    /// compressed, and last-N up to this many runs still reads at most one sealed segment. Default 256.
    /// </summary>
    public int SealLines { get; init; } = 256;

    /// <summary>The most bytes one append request carries (a batch is split into several).</summary>
    public int MaxAppendBytes { get; init; } = 2 * 1024 * 1024;
}
