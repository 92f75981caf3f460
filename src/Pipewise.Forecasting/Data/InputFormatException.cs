namespace Pipewise.Forecasting.Data;

/// <summary>A malformed input file: names the file, the line, the field and what was expected.</summary>
public sealed class InputFormatException(string message) : Exception(message);
