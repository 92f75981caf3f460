using Pipewise.Core.Storage;
using Pipewise.Hosting.Settings;

namespace Pipewise.Cli.Commands;

/// <summary>
/// <c>pipewise import</c> stores the runs an earlier <c>pipewise run</c> left in the outbox (ADR 0011), as the next run
/// would: the folder of <c>PIPEWISE_OUTBOX</c> (or the action's <c>outbox</c> input), by default <c>./.pipewise-outbox</c>.
/// A store that cannot take them yet only leaves them waiting; the import goes on.
/// </summary>
internal static class OutboxDrain
{
    public static async Task TryAsync(IRunStore store, ImportProgress progress, CancellationToken ct)
    {
        var outbox = new RunOutbox(new SettingsResolver(CommonOptions.ProcessEnvironment()).Get("outbox") ?? RunOutbox.DefaultFolder);
        if (outbox.Pending().Count == 0)
        {
            return;
        }

        try
        {
            var drained = await outbox.DrainAsync(store, ct).ConfigureAwait(false);
            progress.Note($"Stored {drained} run(s) from the outbox '{outbox.Folder}'.");
        }
        catch (Exception ex) when (ex is StoreUnavailableException or IOException or UnauthorizedAccessException)
        {
            progress.Note($"The outbox '{outbox.Folder}' could not be stored yet: {ex.Message}");
        }

        foreach (var problem in outbox.Problems)
        {
            await Console.Error.WriteLineAsync($"pipewise import: {problem}").ConfigureAwait(false);
        }
    }
}
