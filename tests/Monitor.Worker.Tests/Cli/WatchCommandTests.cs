using System.CommandLine;
using Monitor.Testing.Postgres;
using Monitor.Worker.Cli;
using Monitor.Worker.Tests.Support;
using Monitor.Worker.Watchlist;

namespace Monitor.Worker.Tests.Cli;

/// <summary><c>monitor watch add</c> records where the watch came from; <c>watch remove</c> refuses what the watchlist file manages, as the API does.</summary>
public sealed class WatchCommandTests(PostgresServer postgres) : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("monitor-watch-").FullName;

    [Fact]
    public async Task Watch_add_records_the_tag_as_added_from_the_cli()
    {
        var connectionString = await postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        await using var host = new PollingHost(connectionString);

        var exit = await MonitorCommandLine.InvokeAsync(
            ["watch", "add", "python:3.13-slim", "--group", "nightly", $"--ConnectionStrings:Monitor={connectionString}"],
            new InvocationConfiguration { Output = TextWriter.Null, Error = TextWriter.Null });

        Assert.Equal(0, exit);
        var row = Assert.Single(await host.RowsAsync("SELECT registry, repository, tag, watch_group, source, status FROM monitor.watched_tag"));
        Assert.Equal(["docker.io", "library/python", "3.13-slim", "nightly", "cli", "pending"], row.Values);
    }

    [Fact]
    public async Task Watch_remove_of_a_tag_the_watchlist_file_names_exits_1_naming_the_file_and_keeps_it_watched()
    {
        var connectionString = await postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var watchlist = Path.Combine(directory, "watchlist.yaml");
        await File.WriteAllTextAsync(watchlist, """
            watchlist:
              groups:
                - { name: docker-hub, schedule: "0 0 0 1 1 ? 2099" }
              entries:
                - repository: python
                  tags: ["3.13-slim"]
                  group: docker-hub
            """);
        await using var host = new PollingHost(connectionString, settings: new Dictionary<string, string?>
        {
            ["Watchlist:Groups:0:Name"] = "docker-hub",
            ["Watchlist:Entries:0:Repository"] = "python",
            ["Watchlist:Entries:0:Tags:0"] = "3.13-slim",
            ["Watchlist:Entries:0:Group"] = "docker-hub",
        });
        await host.Get<WatchlistSynchronizer>().SyncConfiguredAsync(CancellationToken.None);
        await host.WatchAsync("docker.io", "library/python:3.12-slim");

        var refused = await RemoveAsync(connectionString, watchlist, "DOCKER.IO/python:3.13-slim");
        var removed = await RemoveAsync(connectionString, watchlist, "python:3.12-slim");

        Assert.True(refused.ExitCode == 1, refused.Output);
        Assert.Equal(
            $"error: docker.io/library/python:3.13-slim is watched by the watchlist file {watchlist}: remove it from that file's entries, which are applied at every start (removing it here would be undone by the next one).",
            refused.StandardError.Trim());
        Assert.Empty(refused.StandardOutput);
        Assert.True(removed.ExitCode == 0, removed.Output);
        Assert.Equal("stopped watching docker.io/library/python:3.12-slim", removed.StandardOutput.Trim());
        var rows = await host.RowsAsync("SELECT tag, enabled, source FROM monitor.watched_tag ORDER BY tag");
        Assert.Equal([["3.12-slim", false, "api"], ["3.13-slim", true, "config"]], rows.Select(r => r.Values.ToArray()));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private async Task<(int ExitCode, string StandardOutput, string StandardError, string Output)> RemoveAsync(string connectionString, string watchlist, string reference)
    {
        await using var process = MonitorProcess.Start(directory, new Dictionary<string, string?>
        {
            ["ConnectionStrings__Monitor"] = connectionString,
            ["WatchlistFile"] = watchlist,
        }, "watch", "remove", reference);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (exitCode, process.StandardOutput, process.StandardError, process.Output);
    }
}
