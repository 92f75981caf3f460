namespace Pipewise.Core.Runs;

/// <summary>A run record that is malformed or violates the schema.</summary>
public sealed class RunRecordFormatException : FormatException
{
    public RunRecordFormatException(string source, string field, string expected, Exception? inner = null)
        : base($"Run record '{source}': field '{field}': {expected}", inner)
    {
        Source = source;
        Field = field;
        Expected = expected;
    }

    public new string Source { get; }

    public string Field { get; }

    public string Expected { get; }
}
