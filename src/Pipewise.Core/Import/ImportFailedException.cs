namespace Pipewise.Core.Import;

/// <summary>An import stopped because the store failed; carries what was done so far.</summary>
public sealed class ImportFailedException(string message, ImportSummary partial, Exception inner) : Exception(message, inner)
{
    public ImportSummary Partial { get; } = partial;
}
