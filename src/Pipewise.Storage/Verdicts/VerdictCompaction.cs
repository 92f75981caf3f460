namespace Pipewise.Storage.Verdicts;

/// <summary>What a compaction did: verdicts folded into segments, entries deleted, segments written and adopted.</summary>
public readonly record struct VerdictCompaction(int Folded, int EntriesDeleted, int SegmentsWritten, int SegmentsAdopted)
{
    public static VerdictCompaction None => default;

    public static VerdictCompaction operator +(VerdictCompaction a, VerdictCompaction b) =>
        new(a.Folded + b.Folded, a.EntriesDeleted + b.EntriesDeleted, a.SegmentsWritten + b.SegmentsWritten, a.SegmentsAdopted + b.SegmentsAdopted);
}
