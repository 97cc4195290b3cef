using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Monitor.Data.History;
using Npgsql;

namespace Monitor.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>Registers the DbContext (scoped) and a factory for code that runs outside a scope (jobs, snapshots).</summary>
    public static IServiceCollection AddMonitorData(this IServiceCollection services, string connectionString)
    {
        services.AddDbContextFactory<MonitorDbContext>(options => options.UseMonitorDatabase(connectionString));
        services.AddScoped(provider => provider.GetRequiredService<IDbContextFactory<MonitorDbContext>>().CreateDbContext());
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton<HistoryStore>();
        services.AddSingleton<Watches.WatchStore>();
        services.AddSingleton<Cadence.HistoryReader>();
        services.AddSingleton<Cadence.CadenceSummaryStore>();
        return services;
    }
}
