using Monitor.Data.LocalServer;

namespace Monitor.Worker.Hosting;

/// <summary>
/// Keeps the embedded PostgreSQL alive under the running service: when its server process is gone (killed, crashed,
/// stopped by hand), starts it again on the same port. When that fails the service stops with exit code 1, so a
/// supervisor can restart it, instead of staying up unready.
/// </summary>
internal sealed class EmbeddedDatabaseWatchdog(
    DatabaseConnection database,
    ServiceExit exit,
    IHostApplicationLifetime lifetime,
    ILogger<EmbeddedDatabaseWatchdog> logger) : BackgroundService
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Embedded is not { } cluster)
        {
            return;
        }

        using var timer = new PeriodicTimer(CheckInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await cluster.RestartIfStoppedAsync(stoppingToken);
            }
            catch (LocalPostgresException e)
            {
                logger.LogError("The embedded PostgreSQL stopped and could not be started again; stopping the service: {Reason}", e.Message);
                exit.Fail();
                lifetime.StopApplication();
                return;
            }
        }
    }
}
