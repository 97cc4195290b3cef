using Microsoft.Extensions.Options;
using Monitor.Data.History;
using Quartz;

namespace Monitor.Worker.Maintenance;

/// <summary>Deletes old poll_run rows. Digest history is never deleted: it is the product.</summary>
[DisallowConcurrentExecution]
public sealed class RetentionJob(HistoryStore history, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var deleted = await history.DeletePollRunsStartedBeforeAsync(time.GetUtcNow() - options.Value.PollRuns, cancellationToken);
        logger.LogInformation("Retention: deleted {Count} poll runs older than {Age}", deleted, options.Value.PollRuns);
    }
}
