using System.Globalization;
using Quartz;

namespace Monitor.Worker.Watchlist;

/// <summary>What reconciling one job with the configuration did to it.</summary>
internal enum ScheduleChange
{
    /// <summary>Same job type, job data and cron: the stored trigger and its state (next fire time, a missed fire) stay.</summary>
    Unchanged,
    Added,
    Replaced,
}

/// <summary>
/// Brings the shared Quartz store in line with the configuration without resetting what is already right: every
/// replica runs this at start, concurrently, and each step is idempotent (the same writes, whoever runs them).
/// </summary>
internal static class ScheduleReconciliation
{
    /// <summary>Stores <paramref name="job"/> with a cron trigger of the same key unless both are stored as configured.</summary>
    public static async Task<ScheduleChange> EnsureAsync(IScheduler scheduler, IJobDetail job, string cron, TimeProvider time, CancellationToken cancellationToken)
    {
        var triggerKey = new TriggerKey(job.Key.Name, job.Key.Group);
        var storedTrigger = await scheduler.GetTrigger(triggerKey, cancellationToken);
        var storedJob = await scheduler.GetJobDetail(job.Key, cancellationToken);
        if (storedTrigger is ICronTrigger stored && stored.CronExpressionString == cron && storedJob is not null
            && storedJob.JobType == job.JobType && DataOf(storedJob.JobDataMap) == DataOf(job.JobDataMap))
        {
            return ScheduleChange.Unchanged;
        }

        // A missed cycle (all replicas down) fires once on recovery, then the schedule proceeds: never N catch-up runs.
        var trigger = TriggerBuilder.Create(time)
            .WithIdentity(triggerKey)
            .ForJob(job)
            .WithSchedule(CronScheduleBuilder.Create(cron).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build();
        await scheduler.ScheduleJob(job, [trigger], ScheduleJobOptions.Replacing, cancellationToken);
        return storedTrigger is null && storedJob is null ? ScheduleChange.Added : ScheduleChange.Replaced;
    }

    /// <summary>Deletes the jobs of <paramref name="group"/> (with their triggers) that are not configured any more.</summary>
    public static async Task<IReadOnlyList<string>> RemoveAllBesidesAsync(IScheduler scheduler, string group, IReadOnlySet<string> configured, CancellationToken cancellationToken)
    {
        var stored = await scheduler.QueryJobs(new JobQuery { Group = GroupMatcher<JobKey>.GroupEquals(group) }, cancellationToken);
        var removed = new List<string>();
        foreach (var job in stored.Items.Where(job => !configured.Contains(job.Key.Name)))
        {
            // Another replica may have removed it first: either way it is gone.
            await scheduler.DeleteJob(job.Key, cancellationToken);
            removed.Add(job.Key.Name);
        }

        return removed;
    }

    /// <summary>Job data in a comparable form: the store hands values back as it serialised them (numbers as JSON, for one).</summary>
    private static string DataOf(JobDataMap data) =>
        string.Join("\n", data.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={Convert.ToString(pair.Value, CultureInfo.InvariantCulture)}"));
}
