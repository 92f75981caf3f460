using System.Globalization;
using System.Xml.Linq;

namespace Pipewise.Hosting.TestResults;

internal static class TestXml
{
    /// <summary>A numeric attribute (thousands separators allowed); null when absent or blank.</summary>
    /// <exception cref="FormatException">The attribute is not a number.</exception>
    public static double? Number(XElement e, string name)
    {
        var text = (string?)e.Attribute(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!double.TryParse(text.Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            throw new FormatException($"attribute {name}=\"{text}\" on <{e.Name.LocalName}> is not a number");
        }

        return v;
    }
}
