namespace Pipewise.Core.Runs;

/// <summary>Checks the rules of RunRecord schema v1 that the JSON types cannot express.</summary>
public static class RunRecordValidator
{
    public static IReadOnlyList<(string Field, string Expected)> Validate(RunRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var errors = new List<(string, string)>();
        if (r.SchemaVersion != RunRecord.CurrentSchemaVersion)
        {
            errors.Add(("schemaVersion", $"expected {RunRecord.CurrentSchemaVersion}, found {r.SchemaVersion} (written by a newer Pipewise?)"));
        }

        Required(errors, "provider", r.Provider);
        Required(errors, "organization", r.Organization);
        Required(errors, "repository", r.Repository);
        Required(errors, "pipelineId", r.PipelineId);
        Required(errors, "runId", r.RunId);
        if (r.Attempt < 1)
        {
            errors.Add(("attempt", $"expected an integer ≥ 1, found {r.Attempt}"));
        }

        NonNegative(errors, "durationSeconds", r.DurationSeconds);
        Ordered(errors, "startedAt", r.QueuedAt, r.StartedAt, "queuedAt");
        Ordered(errors, "finishedAt", r.StartedAt, r.FinishedAt, "startedAt");
        if (r.Tests is { } t)
        {
            NonNegative(errors, "tests.total", t.Total);
            NonNegative(errors, "tests.passed", t.Passed);
            NonNegative(errors, "tests.failed", t.Failed);
            NonNegative(errors, "tests.skipped", t.Skipped);
            NonNegative(errors, "tests.flaky", t.Flaky);
            NonNegative(errors, "tests.durationSeconds", t.DurationSeconds);
        }

        for (var i = 0; i < r.Jobs.Count; i++)
        {
            var j = r.Jobs[i];
            Required(errors, $"jobs[{i}].name", j.Name);
            Ordered(errors, $"jobs[{i}].finishedAt", j.StartedAt, j.FinishedAt, "startedAt");
            for (var k = 0; k < j.Steps.Count; k++)
            {
                Required(errors, $"jobs[{i}].steps[{k}].name", j.Steps[k].Name);
                Ordered(errors, $"jobs[{i}].steps[{k}].finishedAt", j.Steps[k].StartedAt, j.Steps[k].FinishedAt, "startedAt");
            }
        }

        if (r.Resources is { } res)
        {
            for (var i = 0; i < res.Count; i++)
            {
                if (res[i].CpuPercent is { } cpu && (cpu < 0 || cpu > 100 * Environment.ProcessorCount * 4))
                {
                    errors.Add(($"resources[{i}].cpuPercent", $"expected a percentage ≥ 0, found {cpu}"));
                }
            }
        }

        if (r.Deployment is { } d)
        {
            Required(errors, "deployment.environment", d.Environment);
            NonNegative(errors, "deployment.durationSeconds", d.DurationSeconds);
        }

        return errors;
    }

    public static void ThrowIfInvalid(RunRecord record, string source)
    {
        var errors = Validate(record);
        if (errors.Count > 0)
        {
            var (field, expected) = errors[0];
            var more = errors.Count > 1 ? $" (and {errors.Count - 1} more problem(s))" : string.Empty;
            throw new RunRecordFormatException(source, field, expected + more);
        }
    }

    private static void Required(List<(string, string)> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add((field, "expected a non-empty string"));
        }
    }

    private static void NonNegative(List<(string, string)> errors, string field, double? value)
    {
        if (value is { } v && (v < 0 || double.IsNaN(v) || double.IsInfinity(v)))
        {
            errors.Add((field, $"expected a finite number ≥ 0 or null, found {v.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
        }
    }

    private static void Ordered(List<(string, string)> errors, string field, DateTimeOffset? before, DateTimeOffset? after, string beforeName)
    {
        if (before is { } b && after is { } a && a < b)
        {
            errors.Add((field, $"expected a time at or after {beforeName} ({b:O}), found {a:O}"));
        }
    }
}
