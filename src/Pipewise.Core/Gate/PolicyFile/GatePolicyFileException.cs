namespace Pipewise.Core.Gate;

/// <summary>A gate policy file is missing, malformed, or holds an invalid field.</summary>
public sealed class GatePolicyFileException(string file, string field, string expected, Exception? inner = null)
    : FormatException($"Gate policy '{file}': field '{field}': expected {expected}", inner)
{
    public string File { get; } = file;
    public string Field { get; } = field;
    public string Expected { get; } = expected;
}
