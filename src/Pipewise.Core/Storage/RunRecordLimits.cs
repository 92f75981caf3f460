using Pipewise.Core.Runs;

namespace Pipewise.Core.Storage;

/// <summary>
/// How big one stored run may be (ADR 0011). Generous for real pipelines (GitHub allows 256 jobs per workflow run, a
/// job 1 000 steps), small enough that one record cannot make every later read of its pipeline slow: a travistorrent row
/// with <c>n_jobs=5000000</c> made a 169 MB record before these limits. Every store refuses a record over a limit with
/// a <see cref="RunRecordFormatException"/> naming the record key and the field; imports count it as a malformed row.
/// </summary>
public static class RunRecordLimits
{
    public const int MaxJobs = 1_000;

    public const int MaxStepsPerJob = 1_000;

    public const int MaxLabelsPerJob = 100;

    public const int MaxResourceSamples = 10_000;

    public const int MaxProperties = 200;

    /// <summary>The longest text field (names, branch, commit, labels, property keys and values).</summary>
    public const int MaxStringLength = 4_096;

    /// <summary>The largest record, as stored JSON.</summary>
    public const int MaxRecordBytes = 2 * 1024 * 1024;

    /// <summary>The first limit the run exceeds, or null when it is within all of them.</summary>
    public static (string Field, string Expected)? Check(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (Count("jobs", run.Jobs.Count, MaxJobs, "jobs per run") is { } jobs)
        {
            return jobs;
        }

        if ((Text("pipelineName", run.PipelineName) ?? Text("event", run.Event) ?? Text("branch", run.Branch) ?? Text("commit", run.Commit)
            ?? Text("deployment.environment", run.Deployment?.Environment) ?? Text("deployment.strategy", run.Deployment?.Strategy)) is { } text)
        {
            return text;
        }

        for (var i = 0; i < run.Jobs.Count; i++)
        {
            var j = run.Jobs[i];
            var at = $"jobs[{i}]";
            if ((Count(at + ".steps", j.Steps.Count, MaxStepsPerJob, "steps per job") ?? Count(at + ".labels", j.Labels?.Count ?? 0, MaxLabelsPerJob, "labels per job")
                ?? Text(at + ".name", j.Name) ?? Text(at + ".id", j.Id) ?? Text(at + ".runner", j.Runner) ?? Text(at + ".os", j.Os)) is { } job)
            {
                return job;
            }

            for (var k = 0; k < (j.Labels?.Count ?? 0); k++)
            {
                if (Text($"{at}.labels[{k}]", j.Labels![k]) is { } label)
                {
                    return label;
                }
            }

            for (var k = 0; k < j.Steps.Count; k++)
            {
                if (Text($"{at}.steps[{k}].name", j.Steps[k].Name) is { } step)
                {
                    return step;
                }
            }
        }

        if ((Count("resources", run.Resources?.Count ?? 0, MaxResourceSamples, "resource samples per run") ?? Count("properties", run.Properties?.Count ?? 0, MaxProperties, "properties per run")) is { } many)
        {
            return many;
        }

        foreach (var (key, value) in run.Properties ?? new Dictionary<string, string>())
        {
            if ((Text("properties (a key)", key) ?? Text($"properties.{(key.Length > 40 ? key[..40] + "…" : key)}", value)) is { } property)
            {
                return property;
            }
        }

        var bytes = RunRecordJson.Serialize(run).Length;
        return bytes > MaxRecordBytes ? ("$", $"a stored record of at most {MaxRecordBytes} bytes of JSON, found {bytes}") : null;
    }

    /// <summary>Throws when the run exceeds a limit, naming the record key and the field.</summary>
    /// <exception cref="RunRecordFormatException">A limit is exceeded.</exception>
    public static void ThrowIfExceeded(RunRecord run)
    {
        if (Check(run) is { } problem)
        {
            throw new RunRecordFormatException(run.Key.ToString(), problem.Field, problem.Expected + " (limits: docs/adrs/0011-store-v2-segments.md)");
        }
    }

    private static (string, string)? Count(string field, int count, int max, string what) =>
        count > max ? (field, $"at most {max} {what}, found {count}") : null;

    private static (string, string)? Text(string field, string? value) =>
        value is { Length: > MaxStringLength } ? (field, $"at most {MaxStringLength} characters, found {value.Length}") : null;
}
