using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace Monitor.Data;

public static class MonitorDbContextOptions
{
    public const string MigrationsAssembly = "Monitor.Migrations";

    /// <summary>How Monitor's DbContext talks to PostgreSQL, over the service's shared data source.</summary>
    public static DbContextOptionsBuilder UseMonitorDatabase(this DbContextOptionsBuilder builder, NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseNpgsql(dataSource, Configure).UseSnakeCaseNamingConvention();
    }

    /// <summary>The same over a connection string of its own (the design-time factory, tests).</summary>
    public static DbContextOptionsBuilder UseMonitorDatabase(this DbContextOptionsBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseNpgsql(connectionString, Configure).UseSnakeCaseNamingConvention();
    }

    public static DbContextOptions<MonitorDbContext> Create(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<MonitorDbContext>();
        builder.UseMonitorDatabase(connectionString);
        return builder.Options;
    }

    /// <summary>A connection string safe to print: the password removed.</summary>
    public static string Redact(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.Password))
        {
            builder.Password = "***";
        }

        return builder.ToString();
    }

    private static void Configure(NpgsqlDbContextOptionsBuilder npgsql) =>
        npgsql.MigrationsAssembly(MigrationsAssembly).MigrationsHistoryTable("__ef_migrations_history", MonitorDbContext.Schema);
}
