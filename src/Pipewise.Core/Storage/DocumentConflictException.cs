namespace Pipewise.Core.Storage;

/// <summary>An If-Match / If-None-Match precondition failed: somebody else wrote the document first.</summary>
public sealed class DocumentConflictException(string path, Exception? inner = null)
    : Exception($"Document '{path}' was changed by another writer (ETag mismatch).", inner)
{
    public string DocumentPath { get; } = path;
}
