using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipewise.Core.Storage;
using Pipewise.Storage.Verdicts;

namespace Pipewise.GateService;

/// <summary>
/// The gate service's background work (ADR 0015): every <see cref="GateServiceOptions.MaintenanceInterval"/> it
/// compacts the verdicts this instance wrote; every <see cref="GateServiceOptions.SweepInterval"/> it also compacts
/// what any instance left and deletes expired replay documents. Safe with several replicas on one store. A failure is
/// logged and tried again at the next interval; it never touches a request.
/// </summary>
internal sealed class GateMaintenance(StoreVerdictLog? verdicts, ReplayGuard replays, GateServiceOptions options, TimeProvider time, ILogger<GateMaintenance> logger)
    : BackgroundService
{
    /// <summary>How long one maintenance pass may use the store.</summary>
    public static readonly TimeSpan PassBudget = TimeSpan.FromMinutes(5);

    private DateTimeOffset lastSweep = DateTimeOffset.MinValue;

    /// <summary>One pass: what the background loop runs each interval (tests call it directly).</summary>
    public async Task<(VerdictCompaction Verdicts, int Replays)> RunOnceAsync(bool sweep, CancellationToken cancellationToken)
    {
        using (DeadlineStore.Within(PassBudget, time))
        {
            var compaction = VerdictCompaction.None;
            var expired = 0;
            if (verdicts is not null)
            {
                compaction = sweep
                    ? await verdicts.CompactAllAsync(cancellationToken).ConfigureAwait(false)
                    : await verdicts.CompactAppendedAsync(cancellationToken).ConfigureAwait(false);
            }

            if (sweep)
            {
                expired = await replays.SweepAsync(options.ReplayRetention, cancellationToken).ConfigureAwait(false);
            }

            return (compaction, expired);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.MaintenanceInterval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.MaintenanceInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var sweep = time.GetUtcNow() - lastSweep >= options.SweepInterval;
            try
            {
                var (compaction, expired) = await RunOnceAsync(sweep, stoppingToken).ConfigureAwait(false);
                if (sweep)
                {
                    lastSweep = time.GetUtcNow();
                }

                if (compaction != VerdictCompaction.None || expired > 0)
                {
                    Log.MaintenanceDone(logger, compaction.Folded, compaction.SegmentsWritten, compaction.SegmentsAdopted, compaction.EntriesDeleted, expired);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever it was, the service goes on answering: an exception out of a background service stops the host.
                Log.MaintenanceFailed(logger, ex.Message);
            }
        }
    }
}
