using Pipewise.Core.Assessment;

namespace Pipewise.Composition;

/// <summary>What a host chooses when it composes Pipewise.</summary>
public sealed record PipewiseSettings
{
    /// <summary>The store spec (folder, file: URI, connection string, container URL); see StoreFactory.</summary>
    public required string Store { get; init; }

    /// <summary>A model folder (model.onnx + manifest.json) to use instead of the store's current model or the shipped default.</summary>
    public string? ModelDirectory { get; init; }

    /// <summary>Seed of the agent's exploration (reproducible runs); null draws one.</summary>
    public int? AgentSeed { get; init; }

    public AssessorOptions Assessor { get; init; } = new();
}
