namespace Pipewise.Core.Storage;

/// <summary>
/// The one store Pipewise needs: a run log per pipeline (<see cref="IRunStore"/>), JSON documents with optimistic
/// concurrency (<see cref="IDocumentStore"/>), and a model registry (<see cref="IModelStore"/>). Implemented over a
/// local folder (the default), Azure Blob Storage and process memory (<see cref="InMemoryStore"/>) with identical
/// behaviour; the same contract tests run against all three.
/// </summary>
public interface IPipewiseStore : IRunStore, IDocumentStore, IModelStore
{
    /// <summary>A short description for logs and messages, never containing secrets.</summary>
    string Description { get; }
}
