using System.Globalization;

namespace Pipewise.Hosting.Settings;

/// <summary>
/// Where a setting comes from, in this order: the command-line flag, when given; else the action or task input,
/// which the runner passes as <c>INPUT_&lt;NAME&gt;</c>; else <c>PIPEWISE_&lt;NAME&gt;</c>; else the default.
/// <c>&lt;NAME&gt;</c> is the setting's name in upper case with <c>-</c> as <c>_</c> (<c>failure-warn</c> →
/// <c>INPUT_FAILURE_WARN</c>); <c>INPUT_FAILURE-WARN</c>, as GitHub names inputs of JavaScript actions, is read too.
/// Empty values count as not set and values are trimmed.
/// </summary>
public sealed class SettingsResolver(IReadOnlyDictionary<string, string?> environment)
{
    /// <summary>The environment variables that can hold a setting, in the order they are read.</summary>
    public static IReadOnlyList<string> VariablesOf(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var upper = name.ToUpperInvariant();
        var key = upper.Replace('-', '_');
        return key == upper ? [$"INPUT_{key}", $"PIPEWISE_{key}"] : [$"INPUT_{key}", $"INPUT_{upper}", $"PIPEWISE_{key}"];
    }

    /// <summary>The flag's text when the flag was given (<paramref name="flag"/> not null), else the environment's.</summary>
    public string? Get(string name, string? flag = null)
    {
        if (flag is not null)
        {
            return flag;
        }

        foreach (var variable in VariablesOf(name))
        {
            if (environment.GetValueOrDefault(variable) is { } value && value.Trim() is { Length: > 0 } trimmed)
            {
                return trimmed;
            }
        }

        return null;
    }

    /// <exception cref="FormatException">The value is not a number; the message names the setting.</exception>
    public double? GetDouble(string name, string? flag = null) =>
        Get(name, flag) is { } text
            ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw new FormatException($"{name}: expected a number, found '{text}'")
            : null;

    /// <exception cref="FormatException">The value is not a whole number; the message names the setting.</exception>
    public int? GetInt(string name, string? flag = null) =>
        Get(name, flag) is { } text
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : throw new FormatException($"{name}: expected a whole number, found '{text}'")
            : null;

    /// <summary>true/yes/1/on or false/no/0/off, any case.</summary>
    /// <exception cref="FormatException">The value is none of these; the message names the setting.</exception>
    public bool? GetBool(string name, bool? flag = null) =>
        flag ?? (Get(name) is { } text
            ? text.ToLowerInvariant() switch
            {
                "true" or "yes" or "1" or "on" => true,
                "false" or "no" or "0" or "off" => false,
                _ => throw new FormatException($"{name}: expected true or false, found '{text}'"),
            }
            : null);
}
