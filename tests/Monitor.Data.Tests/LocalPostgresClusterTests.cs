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

    [Fact]
    public async Task A_second_user_joins_the_running_server_and_the_last_to_leave_stops_it()
    {
        var settings = new LocalPostgresSettings(Path.Combine(scratch, "data"));
        var first = await LocalPostgresCluster.StartAsync(settings, NullLogger.Instance, TestContext.Current.CancellationToken);
        var second = await LocalPostgresCluster.StartAsync(settings, NullLogger.Instance, TestContext.Current.CancellationToken);

        Assert.Equal(first.Port, second.Port);
        Assert.True(first.IsOwner);
        Assert.False(second.IsOwner);

        // The owner leaves while the other still uses the server: it is handed over, not stopped.
        await first.StopAsync();
        Assert.True(second.IsServerRunning);
        Assert.Equal("1", await QueryAsync(second.ConnectionString, "SELECT 1"));

        await second.StopAsync();
        Assert.False(second.IsServerRunning);
        Assert.False(File.Exists(Path.Combine(second.DataDirectory, "postmaster.pid")));
    }

    [Fact]
    public async Task A_user_that_did_not_start_the_server_leaves_it_to_the_owner()
    {
        var settings = new LocalPostgresSettings(Path.Combine(scratch, "data"));
        await using var owner = await LocalPostgresCluster.StartAsync(settings, NullLogger.Instance, TestContext.Current.CancellationToken);
        var guest = await LocalPostgresCluster.StartAsync(settings, NullLogger.Instance, TestContext.Current.CancellationToken);

        await guest.StopAsync();

        Assert.True(owner.IsServerRunning);
        Assert.Equal("1", await QueryAsync(owner.ConnectionString, "SELECT 1"));
    }

    [Fact]
    public async Task A_server_whose_owner_is_gone_is_adopted_by_the_next_start()
    {
        var settings = new LocalPostgresSettings(Path.Combine(scratch, "data"));
        var first = await LocalPostgresCluster.StartAsync(settings, NullLogger.Instance, TestContext.Current.CancellationToken);
        // As a killed owner leaves it, with this PID reused by another process (a start time that does not match).
        var ownerFile = first.DataDirectory + ".owner";
        await File.WriteAllTextAsync(ownerFile, $$"""{"pid":{{Environment.ProcessId}},"startTime":1,"port":{{first.Port}}}""", TestContext.Current.CancellationToken);

        await using var next = await LocalPostgresCluster.StartAsync(settings, NullLogger.Instance, TestContext.Current.CancellationToken);

        Assert.Equal(first.Port, next.Port);
        Assert.True(next.IsOwner);
        Assert.Equal("1", await QueryAsync(next.ConnectionString, "SELECT 1"));
    }

    [Fact]
    public async Task A_server_that_died_is_started_again_on_the_same_port()
    {
        await using var cluster = await LocalPostgresCluster.StartAsync(new LocalPostgresSettings(Path.Combine(scratch, "data")), NullLogger.Instance, TestContext.Current.CancellationToken);
        var pid = int.Parse(File.ReadLines(Path.Combine(cluster.DataDirectory, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);
        var kill = await Monitor.Data.Processes.ProcessRunner.RunAsync("kill", ["-KILL", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.True(kill.Succeeded, kill.Describe());
        for (var i = 0; i < 100 && cluster.IsServerRunning; i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.True(await cluster.RestartIfStoppedAsync(TestContext.Current.CancellationToken));

        Assert.True(cluster.IsServerRunning);
        Assert.Equal("1", await QueryAsync(cluster.ConnectionString, "SELECT 1"));
        Assert.False(await cluster.RestartIfStoppedAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(null, false, "/home/ann", null, "/home/ann/.local/share/monitor/postgres")]
    [InlineData("", true, "/root", null, "/var/lib/monitor/postgres")]
    [InlineData(null, true, "/root", "/srv/xdg", "/srv/xdg/monitor/postgres")]
    [InlineData(null, false, "/home/ann", "relative/ignored", "/home/ann/.local/share/monitor/postgres")]
    [InlineData("staging", false, "/home/ann", null, "/home/ann/.local/share/monitor/staging")]
    [InlineData("../elsewhere/pg", true, "/root", null, "/var/lib/elsewhere/pg")]
    [InlineData("/data/pg", false, "/home/ann", "/srv/xdg", "/data/pg")]
    public void The_data_folder_never_depends_on_the_working_directory(string? configured, bool root, string home, string? xdg, string expected)
    {
        var environment = new Dictionary<string, string?> { ["HOME"] = home, ["XDG_DATA_HOME"] = xdg };

        Assert.Equal(expected, DataLocation.ClusterDirectory(configured, name => environment.GetValueOrDefault(name), root));
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
