using Microsoft.Extensions.Options;
using Monitor.Data.History;
using Monitor.Worker.Cadence;
using Monitor.Worker.Hosting;
using Monitor.Worker.Polling;

namespace Monitor.Worker.Backfill;

/// <summary>
/// Back-fills newly watched tags in the background: at start and after each local poll cycle it works through the tags
/// whose baseline is recorded and whose history was never back-filled, one tag at a time, apart from the cycle, which
/// neither waits for it nor learns of its failures. A failed back-fill is one warning per registry with its cause and is
/// tried again after <see cref="BackfillOptions.RetryInterval"/>.
/// </summary>
internal sealed class BackfillService(
    Backfiller backfiller, BackfillStore store, CadenceSnapshot snapshot, IOptions<BackfillOptions> options, DatabaseOutage outage, TimeProvider time,
    ILogger<BackfillService> logger) : BackgroundService, IPollCycleObserver
{
    private const int BatchTags = 100;
    private readonly CycleSignal wake = new();

    public void CycleFinished(PollSummary summary) => wake.Signal();

    public override void Dispose()
    {
        wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Automatic)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunPendingAsync(stoppingToken);
            }
            catch (Exception e) when (DatabaseOutage.IsUnreachable(e))
            {
                outage.Failed(e);
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
            {
                logger.LogWarning("Back-fill of newly watched tags failed: {Error}", e.Message);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // A bug: its stack trace is wanted, but it must not stop the service (and with it the polls).
                logger.LogError(e, "Back-fill of newly watched tags failed");
            }

            try
            {
                await wake.WaitAsync(options.Value.RetryInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Back-fills every pending tag, then brings the cadence snapshot up to date when anything was added.</summary>
    private async Task RunPendingAsync(CancellationToken cancellationToken)
    {
        var results = new List<BackfillResult>();
        var tried = new HashSet<long>();
        while (true)
        {
            var pending = (await store.ListPendingAsync(time.GetUtcNow() - options.Value.RetryInterval, BatchTags, cancellationToken))
                .Where(tag => tried.Add(tag.Id)).ToList();
            if (pending.Count == 0)
            {
                break;
            }

            results.AddRange(await backfiller.BackfillAsync(pending, done: null, cancellationToken));
        }

        if (results.Sum(r => r.Added) > 0)
        {
            await snapshot.RefreshAsync(cancellationToken);
        }

        BackfillLog.Write(logger, results, options.Value.RetryInterval);
    }
}
