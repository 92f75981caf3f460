namespace Pipewise.Core.Storage;

/// <summary>A stored item exists but cannot be read as what it should be.</summary>
public sealed class CorruptStoreItemException(string key, string problem, Exception? inner = null)
    : Exception($"Stored item '{key}' is corrupt: {problem}", inner)
{
    public string Key { get; } = key;
}
