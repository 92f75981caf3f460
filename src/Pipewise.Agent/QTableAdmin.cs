using System.Globalization;
using System.Text;
using Pipewise.Agent.Catalog;
using Pipewise.Agent.Learning;
using Pipewise.Core.Storage;

namespace Pipewise.Agent;

/// <summary>Reads, prints and resets Q-table documents (<c>pipewise agent show|reset</c>).</summary>
public static class QTableAdmin
{
    public const string ArchivePrefix = "agents/archive/";

    /// <summary>The scopes that have a Q-table in the store.</summary>
    public static async Task<IReadOnlyList<string>> ListScopesAsync(IPipewiseStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var paths = await store.ListDocumentsAsync(SarsaAgent.DocumentPrefix, cancellationToken).ConfigureAwait(false);
        return [.. paths
            .Where(p => !p.StartsWith(ArchivePrefix, StringComparison.Ordinal) && p.EndsWith(".json", StringComparison.Ordinal))
            .Select(p => p[SarsaAgent.DocumentPrefix.Length..^".json".Length])
            .Where(s => !s.Contains('/', StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Reads a scope's table; throws <see cref="QTableProblemException"/> when it is corrupt or too new, null when absent.</summary>
    public static async Task<QTableDocument?> ReadAsync(IPipewiseStore store, string scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var path = SarsaAgent.DocumentPath(scope);
        var doc = await store.GetDocumentAsync(path, cancellationToken).ConfigureAwait(false);
        return doc is null ? null : QTableJson.Parse(doc.Content, path);
    }

    /// <summary>A readable table: per state the best tuning action and strategy, with values and visits.</summary>
    public static string Render(string scope, QTableDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(inv, $"Q-table {SarsaAgent.DocumentPath(scope)} (format v{doc.Version}, updated {doc.UpdatedAt:u})");
        sb.AppendLine(inv, $"steps {doc.Stats.Steps}, explorations {doc.Stats.Explorations}, build rewards {doc.Stats.RewardsApplied} (sum {doc.Stats.RewardSum:0.###}), " +
            $"deployment rewards {doc.Stats.DeploymentRewardsApplied} (sum {doc.Stats.DeploymentRewardSum:0.###}), duplicate runs ignored {doc.Stats.DuplicateRunsIgnored}, " +
            $"deployments awaiting an outcome {doc.PendingDeployments.Count}");
        if (doc.States.Count == 0)
        {
            sb.AppendLine("(no state visited yet)");
            return sb.ToString();
        }

        sb.AppendLine();
        foreach (var (state, row) in doc.States.OrderByDescending(s => s.Value.Values.Sum(e => e.N)).ThenBy(s => s.Key, StringComparer.Ordinal))
        {
            var visits = row.Values.Sum(e => e.N);
            sb.AppendLine(inv, $"{state}  ({visits} visit(s))");
            var tuning = row.Where(r => !ActionCatalog.DeploymentIds.Contains(r.Key)).OrderByDescending(r => r.Value.Q).ToList();
            var deploy = row.Where(r => ActionCatalog.DeploymentIds.Contains(r.Key)).OrderByDescending(r => r.Value.Q).ToList();
            if (tuning.Count > 0)
            {
                sb.AppendLine(inv, $"  best tuning:   {tuning[0].Key,-20} Q={tuning[0].Value.Q,8:0.000}  n={tuning[0].Value.N}");
                foreach (var (action, e) in tuning.Skip(1))
                {
                    sb.AppendLine(inv, $"                 {action,-20} Q={e.Q,8:0.000}  n={e.N}");
                }
            }

            if (deploy.Count > 0)
            {
                sb.AppendLine(inv, $"  best strategy: {deploy[0].Key,-20} Q={deploy[0].Value.Q,8:0.000}  n={deploy[0].Value.N}");
                foreach (var (action, e) in deploy.Skip(1))
                {
                    sb.AppendLine(inv, $"                 {action,-20} Q={e.Q,8:0.000}  n={e.N}");
                }
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Copies the scope's document (as stored, even when corrupt) to <c>agents/archive/&lt;scope&gt;-&lt;timestamp&gt;.json</c> and
    /// replaces it with an empty table, with If-Match on the ETag read so that a concurrent write is never lost silently.
    /// Returns the archive path, or null when there was nothing to reset.
    /// </summary>
    public static async Task<string?> ResetAsync(IPipewiseStore store, string scope, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        var path = SarsaAgent.DocumentPath(scope);
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.GetDocumentAsync(path, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return null;
            }

            var now = time.GetUtcNow();
            var archive = $"{ArchivePrefix}{scope}-{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}-{attempt}.json";
            await store.PutDocumentAsync(archive, current.Content, null, cancellationToken).ConfigureAwait(false);
            try
            {
                await store.PutDocumentAsync(path, QTableJson.Serialize(QTableDocument.Create(scope, now)), current.ETag, cancellationToken).ConfigureAwait(false);
                return archive;
            }
            catch (DocumentConflictException) when (attempt < 20)
            {
                // Someone wrote the table after we read it: archive the newer version instead.
                await store.DeleteDocumentAsync(archive, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
