using Pipewise.Core.Hosting;

namespace Pipewise.GitHub.Runner;

/// <summary>A run that could not be collected, the GitHub way: one <c>::warning::</c> and every step output, empty but present.</summary>
internal static class FailureReport
{
    public const string Title = "Pipewise could not collect this run";

    public static void Write(WorkflowCommands commands, string? outputPath, CollectionFailure failure)
    {
        try
        {
            commands.Warning(failure.Message, Title);
            if (outputPath is { Length: > 0 })
            {
                EnvironmentFiles.AppendOutputs(outputPath, failure.Outputs);
            }
            else
            {
                commands.Info("Pipewise: GITHUB_OUTPUT is not set; no step outputs written.");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            commands.Info($"Pipewise: could not write the step outputs: {ex.Message}");
        }
    }
}
