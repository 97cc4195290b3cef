using System.CommandLine;
using Monitor.Testing.Postgres;
using Monitor.Worker.Cli;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Cli;

/// <summary><c>monitor watch add</c> records where the watch came from: the CLI, not the API.</summary>
public sealed class WatchCommandTests(PostgresServer postgres)
{
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
}
