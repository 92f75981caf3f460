namespace Pipewise.Cli.Commands;

/// <summary>The files an import reads: each file given, the CSV files of each folder (a github-runs folder as it is).</summary>
internal static class ImportInputs
{
    /// <summary>The files in order, or the first input that does not exist.</summary>
    public static (List<string> Files, string? Missing) Files(IEnumerable<string> inputs, string format)
    {
        var files = new List<string>();
        foreach (var path in inputs)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                if (format == "github-runs")
                {
                    files.Add(path);
                }
                else
                {
                    files.AddRange(Directory.EnumerateFiles(path).Where(f => f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal));
                }
            }
            else
            {
                return (files, path);
            }
        }

        return (files, null);
    }
}
