using System.Net;
using Monitor.Testing;
using Monitor.Worker.Tests.Support;
using Npgsql;

namespace Monitor.Worker.Tests.Hosting;

/// <summary>Command 1 of the README as a newcomer runs it: no connection string, so the service brings its own PostgreSQL.</summary>
public sealed class EmbeddedDatabaseProcessTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string workDirectory = Path.Combine(Path.GetTempPath(), $"monitor-run-{Guid.NewGuid():N}");

    public EmbeddedDatabaseProcessTests()
    {
        Directory.CreateDirectory(workDirectory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(workDirectory, (UnixFileMode)0b111_101_101);
        }
    }

    [Fact]
    public async Task Ctrl_C_stops_the_service_and_its_PostgreSQL_and_a_second_start_reuses_the_data()
    {
        var dataDirectory = Path.Combine(workDirectory, ".xdg", "monitor", "postgres");

        var firstPort = FreePort.Next();
        await using (var first = MonitorProcess.Start(workDirectory, Environment(firstPort)))
        {
            await WaitForHealthyAsync(firstPort, first);
            await ExecuteAsync(dataDirectory,
                "INSERT INTO monitor.watched_tag (registry, repository, tag, source, watch_group, added_at, enabled, consecutive_failures, status) " +
                "VALUES ('docker.io', 'test/kept-across-restarts', '1', 'api', 'default', now(), true, 0, 'pending')");

            await first.InterruptAsync();

            Assert.Equal(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("Embedded PostgreSQL stopped", first.Output, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(dataDirectory, "postmaster.pid")), "PostgreSQL still running after Ctrl-C");
        }

        var secondPort = FreePort.Next();
        await using var second = MonitorProcess.Start(workDirectory, Environment(secondPort));
        await WaitForHealthyAsync(secondPort, second);

        Assert.DoesNotContain("Creating the embedded PostgreSQL cluster", second.Output, StringComparison.Ordinal);
        Assert.Equal(1L, await ExecuteAsync(dataDirectory, "SELECT count(*) FROM monitor.watched_tag WHERE repository = 'test/kept-across-restarts'"));
        await second.InterruptAsync();
        Assert.Equal(0, await second.WaitForExitAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task Missing_PostgreSQL_binaries_exit_with_code_2_and_say_what_to_install()
    {
        var emptyBin = Directory.CreateDirectory(Path.Combine(workDirectory, "no-bin")).FullName;
        await using var process = MonitorProcess.Start(workDirectory, new Dictionary<string, string?>
        {
            ["Database__Embedded__BinDirectory"] = emptyBin,
        });

        var exitCode = await process.WaitForExitAsync(StartTimeout);

        Assert.Equal(2, exitCode);
        Assert.Contains("apt-get install postgresql", process.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(workDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Files owned by the postgres user under root; a temp folder left behind does no harm.
        }
    }

    private static Dictionary<string, string?> Environment(int port) => new()
    {
        ["Urls"] = $"http://127.0.0.1:{port}",
        ["Scheduler__CheckinInterval"] = "00:00:02",
    };

    private static async Task WaitForHealthyAsync(int port, MonitorProcess process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/readyz"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"monitor did not become ready on port {port}. Output:\n{process.Output}");
    }

    /// <summary>Connects the way the service does: the embedded cluster's port is in its log line, the password beside the data folder.</summary>
    private static async Task<object?> ExecuteAsync(string dataDirectory, string sql)
    {
        var port = ReadPort(dataDirectory);
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "monitor",
            Password = (await File.ReadAllTextAsync(dataDirectory + ".password")).Trim(),
            Database = "monitor",
            Pooling = false,
        }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static int ReadPort(string dataDirectory)
    {
        // postmaster.pid line 4 is the port the running server listens on.
        var lines = File.ReadAllLines(Path.Combine(dataDirectory, "postmaster.pid"));
        return int.Parse(lines[3], System.Globalization.CultureInfo.InvariantCulture);
    }
}
