using Microsoft.Extensions.Logging.Abstractions;
using Monitor.Data.LocalServer;
using Monitor.Migrations;
using Npgsql;
using Testcontainers.PostgreSql;
using Xunit;

namespace Monitor.Testing.Postgres;

/// <summary>
/// One real PostgreSQL per test assembly: <c>MONITOR_TEST_POSTGRES</c> (an admin connection string) wins;
/// else Testcontainers when a Docker engine answers; else a throwaway cluster from the local PostgreSQL binaries.
/// Each test gets its own database, cloned from a template migrated once with the real migrations.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string ConnectionStringVariable = "MONITOR_TEST_POSTGRES";

    /// <summary>Room for the test assembly's parallel hosts, each with pools of its own (PostgreSQL's default is 100).</summary>
    private const int MaxConnections = 300;

    private readonly SemaphoreSlim createLock = new(1, 1);
    private readonly string templateName = $"monitor_template_{Guid.NewGuid():N}";
    private PostgreSqlContainer? container;
    private LocalPostgresCluster? cluster;
    private string? scratchDirectory;
    private string adminConnectionString = "";

    /// <summary>Where the server came from, for test output.</summary>
    public string Origin { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            adminConnectionString = configured;
            Origin = $"{ConnectionStringVariable}";
        }
        else if (DockerEngine.IsAvailable)
        {
            container = new PostgreSqlBuilder("postgres:17-alpine").WithCommand("-c", $"max_connections={MaxConnections}").Build();
            await container.StartAsync();
            adminConnectionString = container.GetConnectionString();
            Origin = "Testcontainers postgres:17-alpine";
        }
        else
        {
            adminConnectionString = await StartLocalClusterAsync();
            Origin = $"local cluster on port {cluster!.Port}";
        }

        await CreateTemplateAsync();
    }

    /// <summary>A fresh database with the schema applied by the migrations; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = $"monitor_test_{Guid.NewGuid():N}";
        await createLock.WaitAsync(cancellationToken);
        try
        {
            await ExecuteAdminAsync($"CREATE DATABASE {name} TEMPLATE {templateName}", cancellationToken);
        }
        finally
        {
            createLock.Release();
        }

        return ConnectionStringFor(name);
    }

    /// <summary>An empty database with no schema at all, for tests of the migrations themselves.</summary>
    public async Task<string> CreateEmptyDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = $"monitor_empty_{Guid.NewGuid():N}";
        await ExecuteAdminAsync($"CREATE DATABASE {name}", cancellationToken);
        return ConnectionStringFor(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (container is not null)
        {
            await container.DisposeAsync();
        }

        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }

        if (scratchDirectory is not null)
        {
            try
            {
                Directory.Delete(scratchDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless; the next run uses a new one.
            }
        }

        createLock.Dispose();
    }

    private async Task<string> StartLocalClusterAsync()
    {
        scratchDirectory = Path.Combine(Path.GetTempPath(), $"monitor-test-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratchDirectory);
        if (!OperatingSystem.IsWindows())
        {
            // Under root the server runs as the postgres user, which must be able to reach the folder.
            File.SetUnixFileMode(scratchDirectory, (UnixFileMode)0b111_101_101);
        }

        try
        {
            cluster = await LocalPostgresCluster.StartAsync(
                new LocalPostgresSettings(
                    Path.Combine(scratchDirectory, "data"),
                    ServerSettings: new Dictionary<string, string> { ["max_connections"] = MaxConnections.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
                NullLogger.Instance);
        }
        catch (LocalPostgresException e)
        {
            throw new InvalidOperationException(
                $"No PostgreSQL for the tests: no Docker engine answers and the local server could not start. {e.Message} " +
                $"Alternatively set {ConnectionStringVariable} to an admin connection string.", e);
        }

        return new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Database = "postgres" }.ConnectionString;
    }

    private async Task CreateTemplateAsync()
    {
        await ExecuteAdminAsync($"CREATE DATABASE {templateName}", CancellationToken.None);
        var templateConnection = new NpgsqlConnectionStringBuilder(ConnectionStringFor(templateName)) { Pooling = false };
        await DatabaseMigrator.MigrateAsync(templateConnection.ConnectionString, NullLogger.Instance);
    }

    /// <summary>
    /// Tests open pools they never close (every host, snapshot and store has its own data source); idle connections
    /// are pruned within seconds so finished tests hand their server connections back to the running ones.
    /// </summary>
    private string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(adminConnectionString)
        {
            Database = database,
            ConnectionIdleLifetime = 2,
            ConnectionPruningInterval = 1,
        }.ConnectionString;

    private async Task ExecuteAdminAsync(string sql, CancellationToken cancellationToken)
    {
        var admin = new NpgsqlConnectionStringBuilder(adminConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
