using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Monitor.Data;
using Quartz;

namespace Monitor.Worker.Hosting;

/// <summary>Ready when the database answers with every migration applied.</summary>
internal sealed class DatabaseReadinessCheck(IDbContextFactory<MonitorDbContext> contextFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy("database reachable, schema up to date")
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied: run `monitor migrate`");
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // With the exception attached, the health check service's log entry counts towards the outage instead of standing alone.
            return HealthCheckResult.Unhealthy("database unreachable: " + e.Message, e);
        }
    }
}

/// <summary>Ready when this replica's Quartz scheduler has started (and is not in standby).</summary>
internal sealed class SchedulerReadinessCheck(ISchedulerFactory schedulerFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        return scheduler.Status == SchedulerStatus.Running
            ? HealthCheckResult.Healthy($"scheduler {scheduler.SchedulerInstanceId} running")
            : HealthCheckResult.Unhealthy($"scheduler {scheduler.Status}");
    }
}
