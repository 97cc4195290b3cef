using Microsoft.EntityFrameworkCore;
using Monitor.Data;
using Monitor.Worker.Polling;
using Quartz;

namespace Monitor.Worker.Watchlist;

/// <summary>
/// At start, a watch group that never ran, or whose last cycle is older than its interval, is polled within seconds
/// rather than at its next cron slot (up to an interval away): a one-shot trigger without the group's jitter. Its key is
/// the group's, and the store keeps the first of two replicas' triggers (<see cref="TriggerConflict.Keep"/>), so
/// replicas starting together poll once.
/// </summary>
internal sealed class StartupPoll(IDbContextFactory<MonitorDbContext> contexts, TimeProvider time, ILogger<StartupPoll> logger)
{
    public const string TriggerGroup = "poll-at-start";

    /// <summary>Leaves other replicas starting at the same moment the time to find this one's trigger.</summary>
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(3);

    public async Task ScheduleIfDueAsync(IScheduler scheduler, WatchGroupOptions group, JobKey job, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var fireAt = now + Delay;
        if (Interval(group.Schedule, now) is not { } interval)
        {
            return;
        }

        // A missed cycle (next fire time in the past) or an imminent one runs anyway: once is enough.
        var cron = await scheduler.GetTrigger(new TriggerKey(job.Name, job.Group), cancellationToken);
        if (cron?.NextFireTimeUtc is { } next && next <= fireAt)
        {
            return;
        }

        var last = await LastCycleStartAsync(group.Name, cancellationToken);
        if (last is not null && now - last < interval)
        {
            return;
        }

        var trigger = TriggerBuilder.Create(time)
            .WithIdentity(group.Name, TriggerGroup)
            .ForJob(job)
            .UsingJobData(PollJob.JitterKey, 0)
            .StartAt(fireAt)
            .WithSimpleSchedule(schedule => schedule.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.ScheduleTrigger(trigger, TriggerConflict.Keep, cancellationToken);
        logger.LogInformation("Watch group {Group} is polled now: {Reason} (schedule {Schedule})",
            group.Name, last is null ? "it never ran" : $"its last cycle started {last:u}, longer ago than its interval of {interval}", group.Schedule);
    }

    /// <summary>The gap between the cron's next two fire times; null for a cron that fires at most once more.</summary>
    public static TimeSpan? Interval(string cron, DateTimeOffset now)
    {
        var expression = new CronExpression(cron);
        return expression.GetNextValidTimeAfter(now) is { } first && expression.GetNextValidTimeAfter(first) is { } second ? second - first : null;
    }

    private async Task<DateTimeOffset?> LastCycleStartAsync(string group, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.PollRuns.Where(run => run.WatchGroup == group).MaxAsync(run => (DateTimeOffset?)run.StartedAt, cancellationToken);
    }
}
