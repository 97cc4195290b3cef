using Microsoft.Extensions.Options;
using Monitor.Migrations;

namespace Monitor.Worker.Hosting;

/// <summary>Brings the schema up to date before anything else starts (registered before Quartz, which needs its tables).</summary>
internal sealed class MigrationHostedService(
    DatabaseConnection database,
    IOptions<DatabaseOptions> options,
    ILogger<MigrationHostedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStart)
        {
            await DatabaseMigrator.MigrateAsync(database.ConnectionString, logger, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
