using Pipewise.Core.Runs;

namespace Pipewise.Telemetry.Traces;

/// <summary>
/// The OpenTelemetry CI/CD and VCS semantic-convention names Pipewise writes (status "development" in semconv
/// 1.3x; the names are kept in this one file so that a rename upstream is one change), and Pipewise's own.
/// </summary>
public static class CicdAttributes
{
    public const string PipelineName = "cicd.pipeline.name";
    public const string PipelineActionName = "cicd.pipeline.action.name";
    public const string PipelineRunId = "cicd.pipeline.run.id";
    public const string PipelineRunUrl = "cicd.pipeline.run.url.full";
    public const string PipelineResult = "cicd.pipeline.result";
    public const string TaskName = "cicd.pipeline.task.name";
    public const string TaskRunId = "cicd.pipeline.task.run.id";
    public const string TaskRunResult = "cicd.pipeline.task.run.result";
    public const string TaskType = "cicd.pipeline.task.type";
    public const string WorkerName = "cicd.worker.name";
    public const string ErrorType = "error.type";
    public const string VcsProvider = "vcs.provider.name";
    public const string VcsOwner = "vcs.owner.name";
    public const string VcsRepository = "vcs.repository.name";
    public const string VcsRefName = "vcs.ref.head.name";
    public const string VcsRevision = "vcs.ref.head.revision";
    public const string VcsChangeId = "vcs.change.id";

    /// <summary>The CI/CD result values: success, failure, cancellation, skip (error and timeout are not recorded by providers as such).</summary>
    public static string? Result(RunResult? result) => result switch
    {
        RunResult.Succeeded => "success",
        RunResult.Failed => "failure",
        RunResult.Partial => "failure",
        RunResult.Canceled => "cancellation",
        RunResult.Skipped => "skip",
        _ => null,
    };

    /// <summary>The task type from a job or step name: test, deploy or build.</summary>
    public static string TaskTypeOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var n = name.ToLowerInvariant();
        return n.Contains("test", StringComparison.Ordinal) ? "test"
            : n.Contains("deploy", StringComparison.Ordinal) || n.Contains("release", StringComparison.Ordinal) ? "deploy"
            : "build";
    }
}
