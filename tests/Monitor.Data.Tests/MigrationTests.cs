using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Monitor.Migrations;
using Monitor.Testing.Postgres;
using Npgsql;

namespace Monitor.Data.Tests;

public sealed class MigrationTests(PostgresServer postgres)
{
    public const string ScriptPath = "migrations/sql/monitor-idempotent.sql";

    [Fact]
    public async Task Migrations_create_every_table_in_the_monitor_schema_including_quartz()
    {
        var connectionString = await postgres.CreateEmptyDatabaseAsync(TestContext.Current.CancellationToken);
        await using (var context = new MonitorDbContext(MonitorDbContextOptions.Create(connectionString)))
        {
            await context.Database.MigrateAsync(TestContext.Current.CancellationToken);
        }

        var tables = await QueryStringsAsync(connectionString,
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'monitor' ORDER BY 1");

        Assert.Superset(
            new HashSet<string>
            {
                "watched_tag", "tag_revision", "revision_platform", "poll_run", "__ef_migrations_history",
                "qrtz_job_details", "qrtz_triggers", "qrtz_cron_triggers", "qrtz_simple_triggers", "qrtz_fired_triggers",
                "qrtz_locks", "qrtz_scheduler_state", "qrtz_paused_trigger_grps", "qrtz_calendars", "qrtz_blob_triggers",
                "qrtz_simprop_triggers",
            },
            tables.ToHashSet());
        Assert.Empty(await QueryStringsAsync(connectionString,
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"));
    }

    [Fact]
    public async Task Concurrent_migrations_of_an_empty_database_take_turns_one_applies_and_the_others_find_nothing_to_do()
    {
        var connectionString = await postgres.CreateEmptyDatabaseAsync(TestContext.Current.CancellationToken);

        var applied = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => DatabaseMigrator.MigrateAsync(connectionString, NullLogger.Instance, TestContext.Current.CancellationToken))));

        var one = Assert.Single(applied, a => a.Count > 0);
        await using var context = new MonitorDbContext(MonitorDbContextOptions.Create(connectionString));
        Assert.Equal(context.Database.GetMigrations(), one);
        Assert.Empty(await context.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Columns_are_snake_case()
    {
        var connectionString = await postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var columns = await QueryStringsAsync(connectionString,
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'monitor' AND table_name = 'tag_revision'");

        Assert.Contains("first_seen_at", columns);
        Assert.Contains("previous_check_at", columns);
        Assert.Contains("watched_tag_id", columns);
        Assert.All(columns, c => Assert.Equal(c.ToLowerInvariant(), c));
    }

    [Fact]
    public async Task Applying_the_migrations_twice_changes_nothing()
    {
        var connectionString = await postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        await using var context = new MonitorDbContext(MonitorDbContextOptions.Create(connectionString));

        await context.Database.MigrateAsync(TestContext.Current.CancellationToken);

        Assert.Empty(await context.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void The_model_has_no_changes_missing_from_the_migrations()
    {
        using var context = new MonitorDbContext(MonitorDbContextOptions.Create("Host=127.0.0.1;Database=unused"));

        Assert.False(context.Database.HasPendingModelChanges(),
            "The EF model differs from the last migration: add one with `dotnet ef migrations add <Name> --project migrations/Monitor.Migrations`.");
    }

    [Fact]
    public void The_committed_idempotent_script_matches_the_migrations()
    {
        using var context = new MonitorDbContext(MonitorDbContextOptions.Create("Host=127.0.0.1;Database=unused"));
        var expected = context.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        var committed = File.ReadAllText(Monitor.Testing.RepositoryRoot.Combine(ScriptPath));

        Assert.True(Normalise(expected) == Normalise(committed),
            $"{ScriptPath} is out of date: regenerate it from the repository root with `dotnet run --project src/Monitor.Worker -- migrate --script \"$PWD/{ScriptPath}\"`.");
    }

    private static string Normalise(string sql) => sql.ReplaceLineEndings("\n").Trim();

    private static async Task<List<string>> QueryStringsAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
