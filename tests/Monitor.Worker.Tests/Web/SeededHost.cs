using Microsoft.Extensions.Time.Testing;
using Monitor.Testing.Postgres;
using Monitor.Worker.Tests.Support;
using Npgsql;

namespace Monitor.Worker.Tests.Web;

/// <summary>The real host, for one test class, on its own database seeded first (<see cref="SeedAsync"/>), at a fixed moment.</summary>
/// <param name="groups">Watch groups besides <c>default</c> that the seed uses.</param>
public abstract class SeededHost(PostgresServer postgres, DateTimeOffset now, params string[] groups) : IAsyncLifetime
{
    private MonitorHost? host;

    public MonitorHost Host => host ?? throw new InvalidOperationException("not initialised");

    public async ValueTask InitializeAsync()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await SeedAsync(connectionString);
        host = await MonitorHost.StartAsync(connectionString, new FakeTimeProvider(now), groups: groups);
        await host.RefreshAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    protected abstract Task SeedAsync(string connectionString);

    /// <summary>Runs one statement with positional parameters (<c>$1</c>, <c>$2</c>, …).</summary>
    protected static async Task ExecuteAsync(string connectionString, string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync();
    }
}
