using Pipewise.Core.Runs;

namespace Pipewise.Core.Import;

/// <summary>Maps the result words of CI systems (Travis, GitHub, Jenkins, GitLab, Azure DevOps) to <see cref="RunResult"/>.</summary>
public static class ResultNames
{
    /// <summary>
    /// Returns the result for a known word, null for an empty value or a run that has not finished
    /// (created, started, running, pending, queued), and throws FormatException for an unknown word.
    /// </summary>
    public static RunResult? Parse(string value, string field = "result")
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return value.Trim().ToLowerInvariant() switch
        {
            "passed" or "pass" or "success" or "succeeded" or "successful" or "ok" or "fixed" or "0" or "true" => RunResult.Succeeded,
            "failed" or "fail" or "failure" or "errored" or "error" or "broken" or "timed_out" or "timeout" or "startup_failure" or "still failing" or "1" or "false" => RunResult.Failed,
            "canceled" or "cancelled" or "aborted" => RunResult.Canceled,
            "partial" or "partiallysucceeded" or "partially_succeeded" or "unstable" => RunResult.Partial,
            "skipped" or "not_built" or "neutral" => RunResult.Skipped,
            "created" or "started" or "running" or "pending" or "queued" or "in_progress" or "inprogress" or "waiting" or "requested" or "action_required" or "stale" or "none" => null,
            _ => throw new FormatException($"field '{field}': unknown result '{ImportParsing.Clip(value)}' (expected e.g. passed, failed, errored, canceled, skipped, success, failure)"),
        };
    }
}
