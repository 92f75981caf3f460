using Pipewise.Core.Runs;

namespace Pipewise.Core.Forecasting;

/// <summary>What is known about a run when it starts (nothing measured during it).</summary>
public sealed record RunContext
{
    public string? Event { get; init; }
    public string? Branch { get; init; }
    public bool? IsDefaultBranch { get; init; }
    public bool IsPullRequest { get; init; }
    public DateTimeOffset? StartedAt { get; init; }

    public static RunContext From(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new RunContext
        {
            Event = run.Event,
            Branch = run.Branch,
            IsDefaultBranch = run.IsDefaultBranch,
            IsPullRequest = run.PullRequest is not null || run.Event == "pull_request",
            StartedAt = run.StartedAt ?? run.QueuedAt,
        };
    }
}
