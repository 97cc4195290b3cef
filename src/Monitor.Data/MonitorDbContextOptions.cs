using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Monitor.Data;

public static class MonitorDbContextOptions
{
    public const string MigrationsAssembly = "Monitor.Migrations";

    /// <summary>The one place that says how Monitor talks to PostgreSQL, shared by the host, the design-time factory and the tests.</summary>
    public static DbContextOptionsBuilder UseMonitorDatabase(this DbContextOptionsBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .UseNpgsql(connectionString, npgsql => npgsql
                .MigrationsAssembly(MigrationsAssembly)
                .MigrationsHistoryTable("__ef_migrations_history", MonitorDbContext.Schema))
            .UseSnakeCaseNamingConvention();
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
}
