using Quartz;

namespace Monitor.Worker.Watchlist;

/// <summary>Adds new tags matching entries with <c>discover: true</c>.</summary>
[DisallowConcurrentExecution]
public sealed class DiscoveryJob(WatchlistSynchronizer synchronizer) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await synchronizer.DiscoverAsync(onlyDiscoverEntries: true, cancellationToken);
}
