using Microsoft.Extensions.Logging.Abstractions;
using Monitor.Data.LocalServer;
using Npgsql;

namespace Monitor.Data.Tests;

/// <summary>The embedded default database: the real server binaries, started, stopped and reused.</summary>
public sealed class LocalPostgresClusterTests : IDisposable
{
    private readonly string scratch = Path.Combine(Path.GetTempPath(), $"monitor-embedded-{Guid.NewGuid():N}");

    public LocalPostgresClusterTests()
    {
        Directory.CreateDirectory(scratch);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(scratch, (UnixFileMode)0b111_101_101);
        }
    }

    [Fact]
    public async Task A_second_start_reuses_the_data_of_the_first()
    {
        var settings = new LocalPostgresSettings(Path.Combine(scratch, "data"));
        await using (var first = await LocalPostgresCluster.StartAsync(settings, NullLogger.Instance, TestContext.Current.CancellationToken))
        {
            await ExecuteAsync(first.ConnectionString, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)");
        }

        await using var second = await LocalPostgresCluster.StartAsync(settings, NullLogger.Instance, TestContext.Current.CancellationToken);
        await using var connection = new NpgsqlConnection(second.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT id FROM kept", connection);

        Assert.Equal(42, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Stopping_shuts_the_server_down()
    {
        var cluster = await LocalPostgresCluster.StartAsync(new LocalPostgresSettings(Path.Combine(scratch, "data")), NullLogger.Instance, TestContext.Current.CancellationToken);
        var connectionString = cluster.ConnectionString;

        await cluster.StopAsync();

        Assert.False(File.Exists(Path.Combine(cluster.DataDirectory, "postmaster.pid")));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ExecuteAsync(connectionString, "SELECT 1"));
    }

    [Fact]
    public async Task The_server_listens_on_loopback_with_a_password()
    {
        await using var cluster = await LocalPostgresCluster.StartAsync(new LocalPostgresSettings(Path.Combine(scratch, "data")), NullLogger.Instance, TestContext.Current.CancellationToken);
        var wrongPassword = new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Password = "wrong", Pooling = false };

        await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(wrongPassword.ConnectionString, "SELECT 1"));
        Assert.Equal("127.0.0.1", await QueryAsync(cluster.ConnectionString, "SELECT host(inet_server_addr())"));
    }

    [Fact]
    public async Task Missing_binaries_give_a_message_saying_what_to_install()
    {
        var empty = Directory.CreateDirectory(Path.Combine(scratch, "bin")).FullName;

        var error = await Assert.ThrowsAsync<LocalPostgresException>(() =>
            LocalPostgresCluster.StartAsync(new LocalPostgresSettings(Path.Combine(scratch, "data"), empty), NullLogger.Instance));

        Assert.Contains("apt-get install postgresql", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:Monitor", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(scratch, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind does no harm.
        }
        catch (UnauthorizedAccessException)
        {
            // Files owned by the postgres user when running as root.
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string?> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}
