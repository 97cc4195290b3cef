using Monitor.Worker.Hosting;
using Monitor.Worker.Polling;

namespace Monitor.Worker.Cadence;

/// <summary>Keeps the cadence snapshot current: at start, after each local poll cycle, and on an interval (other replicas' changes).</summary>
internal sealed class CadenceRefreshService(CadenceSnapshot snapshot, CadenceSettings settings, DatabaseOutage outage, ILogger<CadenceRefreshService> logger)
    : BackgroundService, IPollCycleObserver
{
    private readonly CycleSignal wake = new();

    public void CycleFinished(PollSummary summary) => wake.Signal();

    public override void Dispose()
    {
        wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await snapshot.RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (DatabaseOutage.IsUnreachable(e))
            {
                // Part of an outage the outage monitor reports as a whole.
                outage.Failed(e);
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
            {
                logger.LogWarning("Cadence snapshot refresh failed: {Error}", e.Message);
            }

            try
            {
                await wake.WaitAsync(settings.RefreshInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
