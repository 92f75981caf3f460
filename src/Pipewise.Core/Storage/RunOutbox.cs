using System.Security.Cryptography;
using System.Text;
using Pipewise.Core.Runs;

namespace Pipewise.Core.Storage;

/// <summary>
/// Runs that <c>pipewise run</c> could not store within its budget, kept as one RunRecord JSON file each in a local
/// folder (by default <c>.pipewise-outbox</c> beside the default store; the GitHub action keeps it with actions/cache)
/// and stored by the next run or import (<see cref="DrainAsync"/>). Appends are idempotent per run key, so a run that
/// reached the store after all is not stored twice. A file that cannot be read is left in place and reported.
/// </summary>
public sealed class RunOutbox(string folder)
{
    public const string DefaultFolder = ".pipewise-outbox";

    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>Problems met by the last <see cref="DrainAsync"/> (unreadable files), for the log.</summary>
    public IReadOnlyList<string> Problems { get; private set; } = [];

    /// <summary>The runs waiting, oldest file first.</summary>
    public IReadOnlyList<string> Pending() =>
        Directory.Exists(Folder) ? [.. Directory.EnumerateFiles(Folder, "*.json").Order(StringComparer.Ordinal)] : [];

    public void Save(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        Directory.CreateDirectory(Folder);
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(run.Key.ToString())).AsSpan(0, 16)) + ".json";
        var temp = Path.Combine(Folder, name + ".tmp");
        File.WriteAllBytes(temp, RunRecordJson.Serialize(run));
        File.Move(temp, Path.Combine(Folder, name), overwrite: true);
    }

    /// <summary>Appends every waiting run to the store and removes it from the outbox; stops at the first store failure.</summary>
    /// <returns>How many runs left the outbox (stored now, or found already stored).</returns>
    public async Task<int> DrainAsync(IRunStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var problems = new List<string>();
        var drained = 0;
        foreach (var file in Pending())
        {
            RunRecord run;
            try
            {
                run = RunRecordJson.Deserialize(await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false), file);
            }
            catch (Exception ex) when (ex is RunRecordFormatException or IOException)
            {
                problems.Add($"Outbox file '{file}' could not be read ({ex.Message}); it is left in place.");
                continue;
            }

            try
            {
                await store.AppendRunAsync(run, cancellationToken).ConfigureAwait(false);
            }
            catch (RunRecordFormatException ex)
            {
                // The store refuses it (e.g. over a record limit): it never will take it, so set it aside.
                problems.Add($"Outbox file '{file}' was refused by the store ({ex.Message}); it is renamed to .rejected.");
                File.Move(file, file + ".rejected", overwrite: true);
                continue;
            }

            File.Delete(file);
            drained++;
        }

        Problems = problems;
        return drained;
    }
}
