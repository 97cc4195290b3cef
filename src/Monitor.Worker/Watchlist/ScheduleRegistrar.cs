using Microsoft.Extensions.Options;
using Monitor.Worker.Cadence;
using Monitor.Worker.Maintenance;
using Monitor.Worker.Polling;
using Quartz;

namespace Monitor.Worker.Watchlist;

/// <summary>
/// Once the scheduler runs: applies the watchlist to the database, then (re)places one cron job per watch
/// group plus discovery and retention in the shared store. Every replica does this idempotently.
/// </summary>
internal sealed class ScheduleRegistrar(
    ISchedulerFactory schedulerFactory,
    WatchlistSynchronizer synchronizer,
    CadenceSnapshot snapshot,
    IOptions<WatchlistOptions> watchlist,
    IOptions<RetentionOptions> retention,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<ScheduleRegistrar> logger) : BackgroundService
{
    public const string PollJobGroup = "poll";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Quartz starts after ApplicationStarted; register then, so the store is ready.
        var started = new TaskCompletionSource();
        await using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);

        await synchronizer.SyncConfiguredAsync(stoppingToken);
        await snapshot.RefreshAsync(stoppingToken);
        var scheduler = await schedulerFactory.GetScheduler(stoppingToken);
        foreach (var group in watchlist.Value.EffectiveGroups())
        {
            var job = JobBuilder.Create<PollJob>()
                .WithIdentity(group.Name, PollJobGroup)
                .WithDescription($"Poll the tags of watch group '{group.Name}'")
                .UsingJobData(PollJob.GroupKey, group.Name)
                .UsingJobData(PollJob.JitterKey, (int)group.Jitter.TotalSeconds)
                .RequestRecovery()
                .StoreDurably()
                .Build();
            await ScheduleAsync(scheduler, job, group.Schedule, stoppingToken);
        }

        await ScheduleAsync(scheduler, JobBuilder.Create<DiscoveryJob>().WithIdentity("discovery", "maintenance").StoreDurably().Build(),
            watchlist.Value.DiscoverySchedule, stoppingToken);
        await ScheduleAsync(scheduler, JobBuilder.Create<RetentionJob>().WithIdentity("retention", "maintenance").StoreDurably().Build(),
            retention.Value.Schedule, stoppingToken);
        logger.LogInformation("Scheduled {Count} watch group(s): {Groups}", watchlist.Value.EffectiveGroups().Count,
            string.Join(", ", watchlist.Value.EffectiveGroups().Select(g => $"{g.Name} [{g.Schedule}]")));

        await synchronizer.DiscoverAsync(onlyDiscoverEntries: false, stoppingToken);
    }

    private async Task ScheduleAsync(IScheduler scheduler, IJobDetail job, string cron, CancellationToken cancellationToken)
    {
        // A missed cycle (all replicas down) fires once on recovery, then the schedule proceeds: never N catch-up runs.
        var trigger = TriggerBuilder.Create(time)
            .WithIdentity(job.Key.Name, job.Key.Group)
            .ForJob(job)
            .WithSchedule(CronScheduleBuilder.Create(cron).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build();
        await scheduler.ScheduleJob(job, [trigger], ScheduleJobOptions.Replacing, cancellationToken);
    }
}
