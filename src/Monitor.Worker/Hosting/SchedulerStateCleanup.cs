using Npgsql;
using Quartz;

namespace Monitor.Worker.Hosting;

/// <summary>
/// After a clean shutdown, deletes this replica's row of <c>qrtz_scheduler_state</c>. Quartz leaves it, and every
/// instance id is new (<c>AUTO</c>), so the next replica to check in would take the stale row for a dead instance and warn
/// "ClusterManager: detected 1 failed or restarted instances". The row stays when a fired trigger of this replica is still
/// recorded (jobs cut short): then the others must find it and recover that work, as for a replica that died.
/// </summary>
internal sealed class SchedulerStateCleanup(string connectionString, string tablePrefix, ILogger<SchedulerStateCleanup> logger) : ISchedulerListener
{
    public async ValueTask SchedulerShutdown(IScheduler scheduler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"""
                DELETE FROM {tablePrefix}scheduler_state s
                 WHERE s.sched_name = @name AND s.instance_name = @instance
                   AND NOT EXISTS (SELECT 1 FROM {tablePrefix}fired_triggers f WHERE f.sched_name = s.sched_name AND f.instance_name = s.instance_name)
                """, connection);
            command.Parameters.AddWithValue("name", scheduler.SchedulerName);
            command.Parameters.AddWithValue("instance", scheduler.SchedulerInstanceId);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (NpgsqlException e)
        {
            // The others then see a stale row and recover nothing: a warning on their side, no harm.
            logger.LogInformation("Could not sign this replica off the cluster: {Error}", e.Message);
        }
    }
}
