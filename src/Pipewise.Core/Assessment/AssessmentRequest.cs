using Pipewise.Core.Forecasting;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;

namespace Pipewise.Core.Assessment;

/// <summary>Who asks for an assessment; recorded with the verdict.</summary>
public static class AssessmentSources
{
    /// <summary>A pipeline step (<c>pipewise run</c>).</summary>
    public const string Run = "run";

    /// <summary>The <c>pipewise gate</c> command.</summary>
    public const string Gate = "gate";

    public const string AzureDevOpsGate = "azure-devops-gate";
    public const string GitHubProtectionRule = "github-protection-rule";
}

/// <summary>
/// Assess a stored run (or the pipeline's latest stored run when <see cref="RunId"/> is null), as the gates do.
/// </summary>
public sealed record StoredRunRequest
{
    public required PipelineKey Pipeline { get; init; }

    /// <summary>The run being deployed; null scores the pipeline's latest stored run.</summary>
    public string? RunId { get; init; }

    /// <summary>What is known of the run when it is not stored yet (event, branch).</summary>
    public RunContext? Context { get; init; }

    /// <summary>One of <see cref="AssessmentSources"/>.</summary>
    public required string Source { get; init; }

    public required GatePolicyOptions Policy { get; init; }
}
