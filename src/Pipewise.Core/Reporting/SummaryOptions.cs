
namespace Pipewise.Core.Reporting;

/// <summary>Which platform's snippet a suggestion shows.</summary>
public enum SnippetFlavor
{
    GitHub,
    AzurePipelines,
}

/// <summary>How <see cref="SummaryRenderer"/> renders one outcome.</summary>
public sealed record SummaryOptions
{
    /// <summary>The platform whose YAML snippets are shown with suggestions.</summary>
    public SnippetFlavor Snippets { get; init; } = SnippetFlavor.GitHub;

    /// <summary>
    /// Byte budget of the UTF-8 text. GitHub's step summary limit is 1 MiB; the default keeps a margin.
    /// Sections are left out (least useful first) and then lines cut so that the result never exceeds it.
    /// </summary>
    public int MaxBytes { get; init; } = 1_000_000;

    /// <summary>How many suggestions are shown with their snippets.</summary>
    public int MaxSuggestions { get; init; } = 3;

    /// <summary>How many jobs the jobs table shows (slowest first).</summary>
    public int MaxJobs { get; init; } = 30;

    /// <summary>How many of the slowest steps are listed.</summary>
    public int MaxSteps { get; init; } = 10;

    /// <summary>Heading level of the title (2 → "##").</summary>
    public int HeadingLevel { get; init; } = 2;

    /// <summary>Whether to render the forecast-vs-actual mermaid chart.</summary>
    public bool IncludeChart { get; init; } = true;

    /// <summary>Whether to render jobs, slowest steps, tests and resources.</summary>
    public bool IncludeDetails { get; init; } = true;

    /// <summary>A link to the run (trusted: built by the host from its own URLs).</summary>
    public Uri? RunUrl { get; init; }

    /// <summary>Title of the pull request (untrusted; escaped).</summary>
    public string? PullRequestTitle { get; init; }

    /// <summary>First line of the commit message (untrusted; escaped).</summary>
    public string? CommitMessage { get; init; }

    /// <summary>A hidden marker placed first (e.g. an HTML comment that finds the PR comment again). Trusted.</summary>
    public string? Marker { get; init; }
}
