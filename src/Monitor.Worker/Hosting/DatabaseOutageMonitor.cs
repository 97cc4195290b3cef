using Npgsql;

namespace Monitor.Worker.Hosting;

/// <summary>
/// The outage as an operator reads it: one warning when PostgreSQL becomes unreachable, a summary every
/// <see cref="SummaryInterval"/> while it stays so, one line when it answers again (probed every <see cref="ProbeInterval"/>).
/// </summary>
internal sealed class DatabaseOutageMonitor(DatabaseOutage outage, string connectionString, TimeProvider time, ILogger<DatabaseOutageMonitor> logger)
    : BackgroundService
{
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan SummaryInterval = TimeSpan.FromSeconds(30);

    private readonly string probeConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 5 }.ConnectionString;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await outage.WaitForOutageAsync(stoppingToken);
            var (since, _, cause) = outage.Current();
            logger.LogWarning("PostgreSQL is unreachable: {Cause}. The service keeps running (/readyz answers 503) and resumes when it is back", cause);
            var summarised = since;
            while (!await AnswersAsync(stoppingToken))
            {
                await Task.Delay(ProbeInterval, time, stoppingToken);
                var (_, failures, last) = outage.Current();
                if (time.GetUtcNow() - summarised >= SummaryInterval)
                {
                    summarised = time.GetUtcNow();
                    logger.LogWarning("PostgreSQL still unreachable after {Duration:hh\\:mm\\:ss}: {Failures} operations failed so far; last: {Cause}",
                        summarised - since, failures, last);
                }
            }

            var (began, total) = outage.End();
            logger.LogInformation("PostgreSQL answers again after {Duration:hh\\:mm\\:ss} unreachable ({Failures} operations failed meanwhile)",
                time.GetUtcNow() - began, total);
        }
    }

    private async Task<bool> AnswersAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(probeConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (DatabaseOutage.IsUnreachable(e))
        {
            outage.Failed(e);
            return false;
        }
    }
}
