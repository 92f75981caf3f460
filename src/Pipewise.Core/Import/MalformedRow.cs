namespace Pipewise.Core.Import;

/// <summary>A row that could not be imported, with where it is and why.</summary>
public sealed record MalformedRow(string Source, long Line, string Reason)
{
    public override string ToString() => $"{Source}:{Line}: {Reason}";
}
