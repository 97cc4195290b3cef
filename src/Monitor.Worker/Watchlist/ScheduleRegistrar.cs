using Microsoft.Extensions.Options;
using Monitor.Worker.Cadence;
using Monitor.Worker.Hosting;
using Monitor.Worker.Maintenance;
using Monitor.Worker.Polling;
using Quartz;

namespace Monitor.Worker.Watchlist;

/// <summary>
/// Once the scheduler runs: applies the watchlist to the database, reconciles the shared store with the configured
/// schedules (one cron job per watch group plus discovery and retention; removed groups' jobs deleted, changed ones
/// replaced, unchanged ones kept with their trigger state), and polls at once the groups that are due. Every replica
/// does this idempotently.
/// </summary>
internal sealed class ScheduleRegistrar(
    ISchedulerFactory schedulerFactory,
    WatchlistSynchronizer synchronizer,
    CadenceSnapshot snapshot,
    StartupPoll startupPoll,
    DatabaseOutage outage,
    IOptions<WatchlistOptions> watchlist,
    IOptions<RetentionOptions> retention,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<ScheduleRegistrar> logger) : BackgroundService
{
    public const string PollJobGroup = "poll";

    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Quartz starts after ApplicationStarted; register then, so the store is ready.
        var started = new TaskCompletionSource();
        await using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);

        // A database that goes away during start-up must not stop the service: every step is idempotent, so start over.
        while (true)
        {
            try
            {
                await RegisterAsync(stoppingToken);
                return;
            }
            catch (Exception e) when (DatabaseOutage.IsUnreachable(e) && !stoppingToken.IsCancellationRequested)
            {
                outage.Failed(e);
                await Task.Delay(RetryInterval, time, stoppingToken);
            }
        }
    }

    private async Task RegisterAsync(CancellationToken stoppingToken)
    {
        await synchronizer.SyncConfiguredAsync(stoppingToken);
        await snapshot.RefreshAsync(stoppingToken);
        var scheduler = await schedulerFactory.GetScheduler(stoppingToken);
        var groups = watchlist.Value.EffectiveGroups();
        var removed = await ScheduleReconciliation.RemoveAllBesidesAsync(scheduler, PollJobGroup, groups.Select(g => g.Name).ToHashSet(StringComparer.Ordinal), stoppingToken);
        var scheduled = new List<string>();
        foreach (var group in groups)
        {
            var change = await ScheduleReconciliation.EnsureAsync(scheduler, PollJob(group), group.Schedule, time, stoppingToken);
            scheduled.Add($"{group.Name} [{group.Schedule}]{(change == ScheduleChange.Unchanged ? "" : $" ({change.ToString().ToLowerInvariant()})")}");
        }

        await ScheduleReconciliation.EnsureAsync(scheduler, JobBuilder.Create<DiscoveryJob>().WithIdentity("discovery", "maintenance").StoreDurably().Build(),
            watchlist.Value.DiscoverySchedule, time, stoppingToken);
        await ScheduleReconciliation.EnsureAsync(scheduler, JobBuilder.Create<RetentionJob>().WithIdentity("retention", "maintenance").StoreDurably().Build(),
            retention.Value.Schedule, time, stoppingToken);
        logger.LogInformation("Scheduled {Count} watch group(s): {Groups}{Removed}", groups.Count, string.Join(", ", scheduled),
            removed.Count == 0 ? "" : $"; removed, no longer configured: {string.Join(", ", removed)}");

        foreach (var group in groups)
        {
            await startupPoll.ScheduleIfDueAsync(scheduler, group, new JobKey(group.Name, PollJobGroup), stoppingToken);
        }

        await synchronizer.DiscoverAsync(onlyDiscoverEntries: false, stoppingToken);
    }

    private static IJobDetail PollJob(WatchGroupOptions group) =>
        JobBuilder.Create<PollJob>()
            .WithIdentity(group.Name, PollJobGroup)
            .WithDescription($"Poll the tags of watch group '{group.Name}'")
            .UsingJobData(Polling.PollJob.GroupKey, group.Name)
            .UsingJobData(Polling.PollJob.JitterKey, (int)group.Jitter.TotalSeconds)
            .RequestRecovery()
            .StoreDurably()
            .Build();
}
