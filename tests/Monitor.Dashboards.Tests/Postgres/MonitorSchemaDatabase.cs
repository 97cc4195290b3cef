using Microsoft.EntityFrameworkCore;
using Monitor.Data;
using Monitor.Data.Processes;
using Monitor.Testing.Postgres;
using Monitor.Testing.Tools;
using Npgsql;

namespace Monitor.Dashboards.Tests.Postgres;

/// <summary>
/// A database set up the way docker-compose sets it up, on the shared <see cref="PostgresServer"/>: an empty
/// database; the Grafana reader role created by <c>dashboards/postgres/10-grafana-reader.sh</c> before the schema
/// exists (run with the server's admin as <c>POSTGRES_USER</c>, the role that owns the schema, as in compose);
/// then the real migrations applied as that owner (what the compose <c>migrator</c> does); then a small known
/// history. Dashboard SQL runs as the reader. Roles are cluster-wide, so the reader's name is unique per fixture,
/// and it is dropped again at the end.
/// </summary>
public sealed class MonitorSchemaDatabase(PostgresServer server) : IAsyncLifetime
{
    private const string ReaderPassword = "reader-password";
    private const string PsqlInstallHint = "apt-get install postgresql-client (Debian/Ubuntu), or set $MONITOR_PSQL_BIN";
    private NpgsqlConnectionStringBuilder _admin = null!;

    public string Reader { get; } = $"grafana_{Guid.NewGuid():N}"[..16];

    public ProcessResult? ReaderScriptResult { get; private set; }

    public NpgsqlDataSource ReaderDataSource { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _admin = new NpgsqlConnectionStringBuilder(await server.CreateEmptyDatabaseAsync()) { Pooling = false };

        ReaderScriptResult = await RunReaderScriptAsync();
        if (!ReaderScriptResult.Succeeded)
        {
            throw new InvalidOperationException(ReaderScriptResult.Describe());
        }

        await using (var context = new MonitorDbContext(MonitorDbContextOptions.Create(_admin.ConnectionString)))
        {
            await context.Database.MigrateAsync();
        }

        await using (var owner = NpgsqlDataSource.Create(_admin))
        {
            var history = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "SyntheticFleet", "monitor-history.sql"));
            await owner.CreateCommand(history).ExecuteNonQueryAsync();
        }

        ReaderDataSource = NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(_admin.ConnectionString) { Username = Reader, Password = ReaderPassword, Pooling = false });
    }

    public async ValueTask DisposeAsync()
    {
        if (ReaderDataSource is not null)
        {
            await ReaderDataSource.DisposeAsync();
        }

        if (ReaderScriptResult is not { Succeeded: true })
        {
            return;
        }

        // Its grants and default privileges live in this database; with them gone the role can go.
        await using var admin = NpgsqlDataSource.Create(_admin);
        await admin.CreateCommand($"DROP OWNED BY {Reader}").ExecuteNonQueryAsync();
        await admin.CreateCommand($"DROP ROLE {Reader}").ExecuteNonQueryAsync();
    }

    /// <summary>The compose init script, with psql pointed at the server through libpq's environment.</summary>
    private Task<ProcessResult> RunReaderScriptAsync()
    {
        var psql = ExternalTool.Require("psql", "MONITOR_PSQL_BIN", PsqlInstallHint);
        var environment = new Dictionary<string, string?>
        {
            ["POSTGRES_USER"] = _admin.Username,
            ["POSTGRES_DB"] = _admin.Database,
            ["GRAFANA_DB_USER"] = Reader,
            ["GRAFANA_DB_PASSWORD"] = ReaderPassword,
            ["PGHOST"] = _admin.Host,
            ["PGPORT"] = _admin.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PGPASSWORD"] = _admin.Password,
            ["PATH"] = Path.GetDirectoryName(psql) + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
        };
        return ExternalTool.RunAsync("/bin/sh", [Path.Combine(Repo.Root, "dashboards", "postgres", "10-grafana-reader.sh")],
            Repo.Root, TimeSpan.FromMinutes(1), environment);
    }
}
