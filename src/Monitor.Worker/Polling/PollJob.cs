using Quartz;

namespace Monitor.Worker.Polling;

/// <summary>
/// One Quartz job per watch group. Non-concurrent across the whole cluster (the store's lock),
/// recoverable (a replica's crash hands the run to another).
/// </summary>
[DisallowConcurrentExecution]
public sealed class PollJob(PollCycle cycle, TimeProvider time) : IJob
{
    public const string GroupKey = "watchGroup";
    public const string JitterKey = "jitterSeconds";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var group = context.MergedJobDataMap.GetString(GroupKey) ?? throw new JobExecutionException("poll job without a watch group");
        var jitterSeconds = context.MergedJobDataMap.TryGetInt(JitterKey, out var seconds) ? seconds : 0;
        if (jitterSeconds > 0)
        {
            // Spread replicas' and groups' requests so registries do not see a thundering herd on the minute.
            await Task.Delay(TimeSpan.FromSeconds(Random.Shared.Next(0, jitterSeconds + 1)), time, cancellationToken);
        }

        await cycle.RunAsync(group, cancellationToken);
    }
}
