using System.Globalization;
using System.Text.Json;
using Pipewise.Core.Runs;
using static Pipewise.Core.Import.GitHubJson;

namespace Pipewise.Core.Import;

/// <summary>
/// GitHub's workflow-run and workflow-job JSON (REST responses and webhook payloads) as <see cref="RunRecord"/>s and
/// <see cref="JobRecord"/>s: the one mapping used by the file import, the API backfill and the webhook collection,
/// so a run lands under the same pipeline (<see cref="GitHubPipelineIdentity"/>) whichever way it arrives.
/// </summary>
public static class GitHubRunJson
{
    /// <summary>A workflow run object (<c>workflow_runs[i]</c>, the get-run response, or <c>workflow_run</c> of a webhook).</summary>
    /// <exception cref="FormatException">A required field is missing or a field has the wrong type (the message names it).</exception>
    public static RunRecord ToRun(JsonElement run, string at)
    {
        var id = Long(run, "id", at) ?? throw Missing(at, "id", "an integer");
        var repository = Required(run, "repository", at);
        var owner = Str(Required(repository, "owner", at + ".repository"), "login", at + ".repository.owner") ?? throw Missing(at + ".repository.owner", "login", "a string");
        var repo = Str(repository, "name", at + ".repository") ?? throw Missing(at + ".repository", "name", "a string");
        var workflowId = Optional(run, "workflow_id") is { } w
            ? (w.ValueKind is JsonValueKind.Number or JsonValueKind.String ? w.ToString() : throw Wrong(at, "workflow_id", "a number", w))
            : null;
        var path = Str(run, "path", at);
        var pipelineId = GitHubPipelineIdentity.PipelineId(workflowId, path) ?? throw Missing(at, "workflow_id", "a number (or a path)");
        var status = Str(run, "status", at);
        var conclusion = Str(run, "conclusion", at);
        var result = status == "completed" ? ResultNames.Parse(conclusion ?? string.Empty, at + ".conclusion") : null;
        var created = Time(run, "created_at", at);
        var started = Time(run, "run_started_at", at) ?? created;
        var updated = Time(run, "updated_at", at);
        int? pr = null;
        if (Optional(run, "pull_requests") is { } prs)
        {
            if (prs.ValueKind != JsonValueKind.Array)
            {
                throw Wrong(at, "pull_requests", "an array", prs);
            }

            if (prs.GetArrayLength() > 0)
            {
                pr = prs[0].ValueKind == JsonValueKind.Object ? Int(prs[0], "number", at + ".pull_requests[0]") : throw Wrong(at + ".pull_requests", "[0]", "an object", prs[0]);
            }
        }

        var headBranch = Str(run, "head_branch", at);
        var defaultBranch = Str(repository, "default_branch", at + ".repository");
        var properties = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (GitHubPipelineIdentity.WorkflowPath(path) is { } file)
        {
            properties["workflow-path"] = file;
        }

        return new RunRecord
        {
            Provider = "github",
            Organization = owner,
            Repository = repo,
            PipelineId = pipelineId,
            PipelineName = Str(run, "name", at) is { Length: > 0 } name ? name : null,
            RunId = id.ToString(CultureInfo.InvariantCulture),
            Attempt = Int(run, "run_attempt", at) ?? 1,
            Number = Long(run, "run_number", at),
            Sequence = id,
            Event = ImportParsing.Event(Str(run, "event", at) ?? string.Empty),
            Branch = headBranch,
            IsDefaultBranch = headBranch is not null && defaultBranch is not null ? headBranch == defaultBranch : null,
            Commit = Str(run, "head_sha", at),
            PullRequest = pr,
            QueuedAt = created,
            StartedAt = started,
            // The run object has no finish time; for a completed run, updated_at is when it last changed (its end).
            FinishedAt = status == "completed" && updated is { } u && started is { } s && u >= s ? u : null,
            Result = result,
            Properties = properties.Count == 0 ? null : properties,
        };
    }

    /// <summary>A workflow job object (<c>jobs[i]</c> of list-jobs, or <c>workflow_job</c> of a webhook) with its steps.</summary>
    /// <exception cref="FormatException">A field has the wrong type (the message names it).</exception>
    public static JobRecord ToJob(JsonElement job, string at)
    {
        var id = Long(job, "id", at);
        var labels = new List<string>();
        if (Optional(job, "labels") is { ValueKind: JsonValueKind.Array } ls)
        {
            labels.AddRange(ls.EnumerateArray().Where(l => l.ValueKind == JsonValueKind.String).Select(l => l.GetString()!));
        }

        var steps = new List<StepRecord>();
        if (Optional(job, "steps") is { } st)
        {
            if (st.ValueKind != JsonValueKind.Array)
            {
                throw Wrong(at, "steps", "an array", st);
            }

            var i = 0;
            foreach (var step in st.EnumerateArray())
            {
                var sat = $"{at}.steps[{i++}]";
                var number = Int(step, "number", sat);
                steps.Add(new StepRecord
                {
                    Name = Str(step, "name", sat) ?? number?.ToString(CultureInfo.InvariantCulture) ?? i.ToString(CultureInfo.InvariantCulture),
                    Number = number,
                    StartedAt = Time(step, "started_at", sat),
                    FinishedAt = Time(step, "completed_at", sat),
                    Result = Str(step, "status", sat) == "completed" ? Conclusion(Str(step, "conclusion", sat)) : null,
                });
            }
        }

        var os = labels.FirstOrDefault(l => l.StartsWith("ubuntu", StringComparison.OrdinalIgnoreCase) || l.StartsWith("windows", StringComparison.OrdinalIgnoreCase) || l.StartsWith("macos", StringComparison.OrdinalIgnoreCase));
        var runner = Str(job, "runner_name", at);
        return new JobRecord
        {
            Name = Str(job, "name", at) ?? id?.ToString(CultureInfo.InvariantCulture) ?? "job",
            Id = id?.ToString(CultureInfo.InvariantCulture),
            Runner = string.IsNullOrEmpty(runner) ? null : runner,
            Os = os,
            Labels = labels.Count > 0 ? labels : null,
            QueuedAt = Time(job, "created_at", at),
            StartedAt = Time(job, "started_at", at),
            FinishedAt = Time(job, "completed_at", at),
            Result = Str(job, "status", at) == "completed" ? Conclusion(Str(job, "conclusion", at)) : null,
            Steps = [.. steps.OrderBy(s => s.Number ?? int.MaxValue)],
        };
    }

    /// <summary>GitHub's conclusions as results (unknown ones as null, never an error: a job's conclusion is informative only).</summary>
    public static RunResult? Conclusion(string? conclusion) => conclusion switch
    {
        "success" => RunResult.Succeeded,
        "failure" or "timed_out" or "startup_failure" => RunResult.Failed,
        "cancelled" => RunResult.Canceled,
        "skipped" => RunResult.Skipped,
        "neutral" or "action_required" or "stale" => RunResult.Partial,
        _ => null,
    };
}
