using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Monitor.Testing;
using Monitor.Worker.Tests.Support;
using Npgsql;

namespace Monitor.Worker.Tests.Hosting;

/// <summary>
/// The README's first hour, as a newcomer lives it: no connection string, so the service brings its own PostgreSQL;
/// verbs in a second shell; Ctrl-C, kill -9 and restarts. The real executable throughout, each test in its own
/// temporary data folder (<c>XDG_DATA_HOME</c>), never the machine's default.
/// </summary>
public sealed class EmbeddedDatabaseProcessTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan VerbTimeout = TimeSpan.FromSeconds(60);
    private readonly string workDirectory = Path.Combine(Path.GetTempPath(), $"monitor-run-{Guid.NewGuid():N}");
    private readonly string watchlist;

    public EmbeddedDatabaseProcessTests()
    {
        Directory.CreateDirectory(workDirectory);
        if (!OperatingSystem.IsWindows())
        {
            // Under root the server runs as the postgres user, which must be able to reach the data folder.
            File.SetUnixFileMode(workDirectory, (UnixFileMode)0b111_101_101);
        }

        // An empty watchlist with schedules that never fire: the tests, not the registries, change the database.
        watchlist = Path.Combine(workDirectory, "watchlist.yaml");
        File.WriteAllText(watchlist, $"watchlist:\n  discoverySchedule: \"{MonitorHost.Never}\"\n  groups:\n    - {{ name: default, schedule: \"{MonitorHost.Never}\" }}\n");
    }

    private string DataFolder => Path.Combine(workDirectory, ".xdg", "monitor");

    private string DataDirectory => Path.Combine(DataFolder, "postgres");

    [Fact]
    public async Task Verbs_beside_the_running_service_use_its_PostgreSQL_leave_it_ready_and_Ctrl_C_stops_what_the_service_started()
    {
        const string apiKey = "from-a-secret-file-0123456789";
        var keyFile = Path.Combine(workDirectory, "api-key");
        await File.WriteAllTextAsync(keyFile, apiKey + "\n");
        var port = FreePort.Next();
        await using (var service = MonitorProcess.Start(workDirectory, Service(port, new() { ["Api__ApiKey_FILE"] = keyFile })))
        {
            await service.WaitUntilReadyAsync(port, StartTimeout);
            var server = ServerProcess();

            // The API key came from the file (its trailing newline dropped).
            Assert.Equal(HttpStatusCode.Unauthorized, await WatchAsync(port, "python:3.13-slim", "wrong-key-0123456789"));
            Assert.Equal(HttpStatusCode.Created, await WatchAsync(port, "python:3.13-slim", apiKey));

            // Verbs log what they do with the database at Information here (by default they show warnings only).
            const string chatty = "--Logging:Console:LogLevel:Default=Information";
            var list = await VerbAsync(workDirectory, "watch", "list", chatty);
            Assert.Contains("docker.io/library/python:3.13-slim", list.StandardOutput, StringComparison.Ordinal);
            Assert.Contains($"Using the embedded PostgreSQL on 127.0.0.1:{server.Port} that process {service.Id} started", list.Output, StringComparison.Ordinal);
            var report = await VerbAsync(workDirectory, "report", "--json", chatty);
            Assert.Contains("\"reference\": \"docker.io/library/python:3.13-slim\"", report.StandardOutput, StringComparison.Ordinal);
            var health = await VerbAsync(workDirectory, "health", $"--Urls=http://127.0.0.1:{port}");
            Assert.Contains($"http://127.0.0.1:{port}/healthz: 200", health.StandardOutput, StringComparison.Ordinal);

            // The verbs joined the service's server and left it as it was: same postmaster, service still ready.
            Assert.All([list, report], verb => Assert.DoesNotContain("PostgreSQL stopped", verb.Output, StringComparison.Ordinal));
            Assert.Equal(server, ServerProcess());
            Assert.True(IsRunning(server.Pid), "the service's PostgreSQL stopped after a verb ran");
            Assert.Equal(HttpStatusCode.OK, await ReadyAsync(port));

            await service.InterruptAsync();

            Assert.Equal(0, await service.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("Embedded PostgreSQL stopped", service.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("does not exist", service.Output, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(DataDirectory, "postmaster.pid")), "PostgreSQL still running after Ctrl-C");
            await WaitUntilAsync(() => !IsRunning(server.Pid), () => "the postmaster to exit after Ctrl-C");
        }

        port = FreePort.Next();
        await using var second = MonitorProcess.Start(workDirectory, Service(port));
        await second.WaitUntilReadyAsync(port, StartTimeout);

        Assert.DoesNotContain("Creating the embedded PostgreSQL cluster", second.Output, StringComparison.Ordinal);
        Assert.Equal(1L, await ExecuteAsync("SELECT count(*) FROM monitor.watched_tag WHERE repository = 'library/python'"));
        await second.InterruptAsync();
        Assert.Equal(0, await second.WaitForExitAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task After_kill_9_the_next_start_adopts_the_PostgreSQL_left_running_and_a_server_that_dies_is_started_again_on_its_port()
    {
        var port = FreePort.Next();
        var killed = MonitorProcess.Start(workDirectory, Service(port));
        await using (killed)
        {
            await killed.WaitUntilReadyAsync(port, StartTimeout);
            await ExecuteAsync("INSERT INTO monitor.watched_tag (registry, repository, tag, source, watch_group, added_at, enabled, consecutive_failures, status) " +
                               "VALUES ('docker.io', 'test/kept-across-kill', '1', 'api', 'default', now(), true, 0, 'pending')");
            await killed.KillAsync();
        }

        var left = ServerProcess();
        Assert.True(IsRunning(left.Pid), "kill -9 of the service should leave its PostgreSQL running (nothing could stop it)");

        await using var next = MonitorProcess.Start(workDirectory, Service(port));
        await next.WaitUntilReadyAsync(port, StartTimeout);

        Assert.Contains("Adopted the embedded PostgreSQL", next.Output, StringComparison.Ordinal);
        Assert.Equal(left, ServerProcess());
        Assert.Equal(1L, await ExecuteAsync("SELECT count(*) FROM monitor.watched_tag WHERE repository = 'test/kept-across-kill'"));

        // The server dies under the running service: the service starts it again, on the same port, and is ready again.
        await KillAsync(left.Pid);
        await WaitUntilAsync(() => File.Exists(Path.Combine(DataDirectory, "postmaster.pid")) && ServerProcess().Pid != left.Pid, () => $"a new postmaster; service output:\n{next.Output}");
        Assert.Equal(left.Port, ServerProcess().Port);
        await next.WaitUntilReadyAsync(port, StartTimeout);
        Assert.Contains("starting it again", next.Output, StringComparison.Ordinal);

        await next.InterruptAsync();
        Assert.Equal(0, await next.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("Embedded PostgreSQL stopped", next.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(DataDirectory, "postmaster.pid")), "PostgreSQL still running after Ctrl-C");
    }

    [Fact]
    public async Task The_binary_run_from_another_working_directory_uses_the_same_data_folder()
    {
        var first = Directory.CreateDirectory(Path.Combine(workDirectory, "first")).FullName;
        var second = Directory.CreateDirectory(Path.Combine(workDirectory, "second")).FullName;

        var added = await VerbAsync(first, "watch", "add", "python:3.13-slim");
        var listed = await VerbAsync(second, "watch", "list");

        Assert.Contains("watching docker.io/library/python:3.13-slim", added.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("docker.io/library/python:3.13-slim", listed.StandardOutput, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(DataDirectory, "PG_VERSION")), $"no cluster in {DataDirectory}");
        Assert.False(Directory.Exists(Path.Combine(first, ".data")) || Directory.Exists(Path.Combine(second, ".data")), "a cluster followed the working directory");
        // Each verb started the server it needed and, alone on it, stopped it again.
        Assert.False(File.Exists(Path.Combine(DataDirectory, "postmaster.pid")), "a verb left its PostgreSQL running");

        // A relative Database:Embedded:DataDirectory is relative to the data folder, not to the working directory.
        var other = await VerbAsync(second, "watch", "list", "--Database:Embedded:DataDirectory=other");
        Assert.Contains("0 tag(s)", other.StandardOutput, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(DataFolder, "other", "PG_VERSION")), "the relative data folder was not under the data folder");
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
        Assert.Single(process.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => line.StartsWith("error:", StringComparison.Ordinal));
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

    private Dictionary<string, string?> Service(int port, Dictionary<string, string?>? more = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["WatchlistFile"] = watchlist,
            ["Scheduler__CheckinInterval"] = "00:00:02",
        };
        foreach (var (key, value) in more ?? [])
        {
            environment[key] = value;
        }

        return environment;
    }

    /// <summary>Runs a verb as a second shell would (same data folder, same watchlist) and expects exit code 0.</summary>
    private async Task<(string StandardOutput, string Output)> VerbAsync(string directory, params string[] args)
    {
        await using var verb = MonitorProcess.Start(directory, new Dictionary<string, string?>
        {
            ["XDG_DATA_HOME"] = Path.Combine(workDirectory, ".xdg"),
            ["WatchlistFile"] = watchlist,
        }, args);
        var exitCode = await verb.WaitForExitAsync(VerbTimeout);
        Assert.True(exitCode == 0, $"monitor {string.Join(' ', args)} exited with {exitCode}:\n{verb.Output}");
        return (verb.StandardOutput, verb.Output);
    }

    private static async Task<HttpStatusCode> WatchAsync(int port, string reference, string apiKey)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{port}/api/watches"))
        {
            Content = JsonContent.Create(new { reference, group = "default" }),
        };
        request.Headers.Add("X-Api-Key", apiKey);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> ReadyAsync(int port)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/readyz"));
        return response.StatusCode;
    }

    /// <summary>The running postmaster: PID (line 1 of postmaster.pid) and port (line 4).</summary>
    private (int Pid, int Port) ServerProcess()
    {
        var lines = File.ReadAllLines(Path.Combine(DataDirectory, "postmaster.pid"));
        return (int.Parse(lines[0], CultureInfo.InvariantCulture), int.Parse(lines[3], CultureInfo.InvariantCulture));
    }

    /// <summary>Whether the process runs: it exists and is no zombie (an exited server its parent has not reaped yet).</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task KillAsync(int pid)
    {
        var result = await Data.Processes.ProcessRunner.RunAsync("kill", ["-KILL", pid.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        Assert.True(result.Succeeded, result.Describe());
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Func<string> what)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what()}");
            await Task.Delay(200);
        }
    }

    /// <summary>Connects as a verb does: port from postmaster.pid, password from the file beside the data folder.</summary>
    private async Task<object?> ExecuteAsync(string sql)
    {
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = ServerProcess().Port,
            Username = "monitor",
            Password = (await File.ReadAllTextAsync(DataDirectory + ".password")).Trim(),
            Database = "monitor",
            Pooling = false,
        }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
