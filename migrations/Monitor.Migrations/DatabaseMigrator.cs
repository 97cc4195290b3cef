using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Monitor.Data;
using Npgsql;

namespace Monitor.Migrations;

/// <summary>
/// The one way the schema is brought up to date: the service at start, <c>monitor migrate</c>, the verbs (when
/// <c>Database:MigrateOnStart</c> allows) and the test harness's template database all call <see cref="MigrateAsync"/>.
/// Processes starting at once on an empty database take turns: a PostgreSQL advisory lock is held around EF Core's
/// migrate, so the second waits for the first and then finds nothing to do.
/// </summary>
public static class DatabaseMigrator
{
    /// <summary>The advisory lock's key (the bytes of "Monitor"), the same for every process sharing a database.</summary>
    public const long AdvisoryLockKey = 0x4D6F6E69746F72;

    /// <summary>Applies the pending migrations and returns their names (empty when the schema was up to date).</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(string connectionString, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(logger);

        // The lock lives as long as this session: its own connection, outside any pool, so nothing else runs on it
        // and closing it always releases the lock (also when this process dies mid-migration).
        var lockSession = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Enlist = false };
        await using var connection = new NpgsqlConnection(lockSession.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        if (!await ExecuteAsync<bool>(connection, "SELECT pg_try_advisory_lock(@key)", cancellationToken))
        {
            logger.LogInformation("Another process is migrating the database; waiting for it");
            await ExecuteAsync<object>(connection, "SELECT pg_advisory_lock(@key)", cancellationToken);
        }

        await using var context = new MonitorDbContext(MonitorDbContextOptions.Create(connectionString));
        var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} database migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
            await context.Database.MigrateAsync(cancellationToken);
        }

        await ExecuteAsync<bool>(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None);
        return pending;
    }

    private static async Task<T> ExecuteAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("key", AdvisoryLockKey);
        command.CommandTimeout = 0; // waiting for another process's migration is not a timeout
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
