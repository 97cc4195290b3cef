using Microsoft.Extensions.DependencyInjection;
using Monitor.Data.Cadence;
using Monitor.Data.History;
using Monitor.Data.Watches;
using Npgsql;

namespace Monitor.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// One data source (one connection pool) for EF Core and the hand-written SQL, a DbContext factory for what EF does
    /// (migrations, readiness), and the stores.
    /// </summary>
    public static IServiceCollection AddMonitorData(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddDbContextFactory<MonitorDbContext>((provider, options) => options.UseMonitorDatabase(provider.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<HistoryStore>();
        services.AddSingleton<HistoryReader>();
        services.AddSingleton<BackfillStore>();
        services.AddSingleton<WatchStore>();
        services.AddSingleton<CadenceSummaryStore>();
        return services;
    }
}
