namespace Pipewise.Agent.Learning;

/// <summary>The Q-table document cannot be used: corrupt, of a future version, or structurally wrong.</summary>
public sealed class QTableProblemException(string path, string problem) : Exception($"Q-table '{path}' {problem}")
{
    public string DocumentPath { get; } = path;
}
