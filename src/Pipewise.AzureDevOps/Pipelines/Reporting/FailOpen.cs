namespace Pipewise.AzureDevOps.Pipelines;

/// <summary>Runs one part of a report so that its failure becomes a warning in the log and the pipeline goes on.</summary>
internal sealed class FailOpen(LoggingCommands log)
{
    public void Try(string what, Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Warn(what, ex);
        }
    }

    public async Task TryAsync(string what, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Warn(what, ex);
        }
    }

    private void Warn(string what, Exception ex)
    {
        try
        {
            log.LogIssue(false, $"Pipewise could not {what} (the pipeline goes on): {ex.Message}");
        }
        catch (IOException)
        {
            // The log itself is gone; nothing more to do.
        }
    }
}
