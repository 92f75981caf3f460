using Pipewise.Core.Hosting;

namespace Pipewise.AzureDevOps.Pipelines;

/// <summary>
/// A run that could not be collected, the Azure Pipelines way: one <c>task.logissue type=warning</c> and every output
/// variable, empty but present. The task's launcher completes the task (it reads the "failing open" line on stderr).
/// </summary>
internal static class FailureReport
{
    public static void Write(LoggingCommands log, CollectionFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        try
        {
            log.LogIssue(false, failure.Message);
            foreach (var (name, value) in failure.Outputs)
            {
                log.SetOutputVariable(AzurePipelinesReporter.VariableName(name), value);
            }
        }
        catch (IOException)
        {
            // The log itself is gone: nothing else can be told.
        }
    }
}
