using System.Globalization;
using Monitor.Testing.Tools;
using Npgsql;

namespace Monitor.Dashboards.Tests.Postgres;

/// <summary>
/// A database set up the way docker-compose sets it up: an owner role (the postgres image's POSTGRES_USER),
/// the Grafana reader role created by <c>dashboards/postgres/10-grafana-reader.sh</c> before the schema
/// exists, then the schema from <c>migrations/sql/monitor-idempotent.sql</c> applied as the owner, then a
/// small known history. Dashboard SQL runs as the reader.
/// </summary>
public sealed class MonitorSchemaDatabase : IAsyncLifetime
{
    private const string OwnerPassword = "owner-password";
    private const string ReaderPassword = "reader-password";
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];
    private PostgresServer? _server;

    public string Owner => $"monitor_{_suffix}";

    public string Reader => $"grafana_{_suffix}";

    public string Database => $"monitor_{_suffix}";

    public ToolResult? ReaderScriptResult { get; private set; }

    public NpgsqlDataSource ReaderDataSource { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await PostgresServer.StartAsync();
        await using (var admin = NpgsqlDataSource.Create(_server.Admin))
        {
            await admin.CreateCommand($"CREATE ROLE {Owner} LOGIN SUPERUSER PASSWORD '{OwnerPassword}'").ExecuteNonQueryAsync();
            await admin.CreateCommand($"CREATE DATABASE {Database} OWNER {Owner}").ExecuteNonQueryAsync();
        }

        ReaderScriptResult = await _server.RunScriptAsync(
            Path.Combine(Repo.Root, "dashboards", "postgres", "10-grafana-reader.sh"),
            new Dictionary<string, string?>
            {
                ["POSTGRES_USER"] = Owner,
                ["POSTGRES_DB"] = Database,
                ["GRAFANA_DB_USER"] = Reader,
                ["GRAFANA_DB_PASSWORD"] = ReaderPassword,
                ["PGPASSWORD"] = OwnerPassword,
            });
        Require(ReaderScriptResult);

        Require(await ExternalTool.RunAsync(
            _server.Psql,
            ["-v", "ON_ERROR_STOP=1", "--no-psqlrc", "--quiet", "-h", _server.Admin.Host!, "-p", _server.Admin.Port.ToString(CultureInfo.InvariantCulture),
             "-U", Owner, "-d", Database, "-f", Repo.SchemaSql],
            Repo.Root,
            TimeSpan.FromMinutes(1),
            new Dictionary<string, string?> { ["PGPASSWORD"] = OwnerPassword }));

        await using (var owner = NpgsqlDataSource.Create(Connection(Owner, OwnerPassword)))
        {
            var history = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "SyntheticFleet", "monitor-history.sql"));
            await owner.CreateCommand(history).ExecuteNonQueryAsync();
        }

        ReaderDataSource = NpgsqlDataSource.Create(Connection(Reader, ReaderPassword));
    }

    public async ValueTask DisposeAsync()
    {
        if (ReaderDataSource is not null)
        {
            await ReaderDataSource.DisposeAsync();
        }

        if (_server is null)
        {
            return;
        }

        await using (var admin = NpgsqlDataSource.Create(_server.Admin))
        {
            await admin.CreateCommand($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)").ExecuteNonQueryAsync();
            await admin.CreateCommand($"DROP OWNED BY {Reader}").ExecuteNonQueryAsync();
            await admin.CreateCommand($"DROP ROLE IF EXISTS {Reader}").ExecuteNonQueryAsync();
            await admin.CreateCommand($"DROP ROLE IF EXISTS {Owner}").ExecuteNonQueryAsync();
        }

        await _server.DisposeAsync();
    }

    private NpgsqlConnectionStringBuilder Connection(string user, string password) =>
        new(_server!.Admin.ConnectionString) { Username = user, Password = password, Database = Database };

    private static void Require(ToolResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(result.Describe());
        }
    }
}
