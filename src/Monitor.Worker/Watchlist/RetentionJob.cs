using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace Monitor.Worker.Watchlist;

/// <summary>Deletes old poll_run rows. Digest history is never deleted: it is the product.</summary>
[DisallowConcurrentExecution]
public sealed class RetentionJob(NpgsqlDataSource dataSource, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM monitor.poll_run WHERE started_at < $1");
        command.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow() - options.Value.PollRuns });
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
        logger.LogInformation("Retention: deleted {Count} poll runs older than {Age}", deleted, options.Value.PollRuns);
    }
}

public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan PollRuns { get; set; } = TimeSpan.FromDays(90);

    public string Schedule { get; set; } = "0 30 3 * * ?";
}
