namespace Pipewise.Core.Runs;

/// <summary>Identifies one run attempt; storing the same key twice keeps one record.</summary>
public readonly record struct RunKey(string Provider, string Organization, string Repository, string PipelineId, string RunId, int Attempt)
{
    public PipelineKey Pipeline => new(Provider, Organization, Repository, PipelineId);

    public override string ToString() => $"{Pipeline}#{RunId}.{Attempt}";
}
