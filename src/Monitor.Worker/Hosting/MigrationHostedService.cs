using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Monitor.Data;

namespace Monitor.Worker.Hosting;

/// <summary>Applies pending migrations before anything else starts (registered before Quartz, which needs its tables).</summary>
internal sealed class MigrationHostedService(
    IDbContextFactory<MonitorDbContext> contextFactory,
    IOptions<DatabaseOptions> options,
    ILogger<MigrationHostedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.MigrateOnStart)
        {
            return;
        }

        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            return;
        }

        logger.LogInformation("Applying {Count} database migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        await context.Database.MigrateAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
