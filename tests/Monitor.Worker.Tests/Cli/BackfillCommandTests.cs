using System.CommandLine;
using System.Text.Json;
using Monitor.Core.References;
using Monitor.Testing.Postgres;
using Monitor.Testing.Registry;
using Monitor.Testing.Registry.Vendors;
using Monitor.Worker.Cli;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Cli;

/// <summary><c>monitor backfill REF|--all</c> with the real executable against a Chainguard stub and a real PostgreSQL.</summary>
public sealed class BackfillCommandTests(PostgresServer postgres, TokenAuthRegistryServerFixture registry) : IClassFixture<TokenAuthRegistryServerFixture>, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("monitor-backfill-").FullName;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Backfill_of_a_tag_prints_what_it_added_and_a_second_run_adds_nothing()
    {
        var (stub, connectionString) = await StartAsync(entries: 30, fault: null);
        await using var _ = stub;
        var tag = $"{stub.Authority}/chainguard/static:latest";

        var first = await RunAsync(connectionString, stub, "backfill", tag);
        var second = await RunAsync(connectionString, stub, "backfill", tag);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Equal($"{tag} imported: 30 entries in chainguard's tag history, 30 added", first.StandardOutput.Trim());
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Equal($"{tag} imported: 30 entries in chainguard's tag history, 0 added (30 already stored)", second.StandardOutput.Trim());
        Assert.Empty(second.StandardError);

        // The report counts the back-filled rebuilds, even before the tag's first poll.
        using var report = new StringWriter();
        var exit = await MonitorCommandLine.InvokeAsync(
            ["report", "--json", $"--ConnectionStrings:Monitor={connectionString}", $"--WatchlistFile={await QuietWatchlistAsync()}"],
            new InvocationConfiguration { Output = report, Error = TextWriter.Null });
        var item = Assert.Single(JsonDocument.Parse(report.ToString()).RootElement.EnumerateArray());
        Assert.Equal(0, exit);
        Assert.Equal((29, 86_400d, "fresh"), (item.GetProperty("rebuildEvents").GetInt32(), item.GetProperty("medianIntervalSeconds").GetDouble(), item.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Backfill_all_goes_through_every_watched_tag_and_says_where_there_is_no_history()
    {
        var (stub, connectionString) = await StartAsync(entries: 3, fault: null);
        await using var _ = stub;
        await registry.Server.Pusher.PushImageAsync("plain/app", "1", cancellationToken: Cancel);
        await using (var host = new PollingHost(connectionString))
        {
            await host.WatchAsync(registry.Server.Registry, "plain/app:1");
        }

        var run = await RunAsync(connectionString, stub, "backfill", "--all");

        Assert.True(run.ExitCode == 0, run.Output);
        var lines = run.StandardOutput.Trim().Split('\n');
        Assert.Equal(
            [
                $"{registry.Server.Registry}/plain/app:1 not-supported: nothing to back-fill: {registry.Server.Registry} keeps no tag history Monitor can read (Chainguard and Quay do)",
                $"{stub.Authority}/chainguard/static:latest imported: 3 entries in chainguard's tag history, 3 added",
            ],
            lines[..^1].OrderBy(line => line.Contains("plain/app", StringComparison.Ordinal) ? 0 : 1));
        Assert.Equal("2 tag(s): 3 revision(s) added from 1 tag history(ies), 1 without history, 0 failed", lines[^1]);
    }

    [Fact]
    public async Task A_history_that_cannot_be_read_exits_1_with_one_error_line()
    {
        var (stub, connectionString) = await StartAsync(entries: 3, fault: new VendorFault(503));
        await using var _ = stub;

        var run = await RunAsync(connectionString, stub, "backfill", $"{stub.Authority}/chainguard/static:latest");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("failed: failed, nothing stored: server_error", run.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("error: the history of 1 tag(s) could not be read; nothing of theirs was stored", run.StandardError.Trim());
    }

    [Theory]
    [InlineData("error: give one watched tag or --all (not both)")]
    [InlineData("error: give one watched tag or --all (not both)", "python:3.13", "--all")]
    [InlineData("error: repository name (library/Python) must be lowercase", "Python:3.13")]
    [InlineData("error: docker.io/library/python:3.13 is not watched (watch it first: monitor watch add docker.io/library/python:3.13)", "python:3.13")]
    public async Task Bad_input_exits_2_naming_the_problem(string expected, params string[] args)
    {
        var connectionString = await postgres.CreateDatabaseAsync(Cancel);

        await using var process = MonitorProcess.Start(directory, new Dictionary<string, string?>
        {
            ["ConnectionStrings__Monitor"] = connectionString,
            ["WatchlistFile"] = await QuietWatchlistAsync(),
        }, ["backfill", .. args]);
        Assert.Equal(2, await process.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(expected, process.StandardError.Trim());
        Assert.Empty(process.StandardOutput);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>A stub Chainguard with a daily history of <paramref name="entries"/> for chainguard/static:latest, watched in a new database.</summary>
    private async Task<(VendorStub Stub, string ConnectionString)> StartAsync(int entries, VendorFault? fault)
    {
        var image = await registry.Server.Pusher.PushImageAsync("chainguard/static", "latest", cancellationToken: Cancel);
        var api = new ChainguardHistoryApi();
        var start = DateTimeOffset.UtcNow.AddDays(-entries);
        for (var i = 0; i < entries; i++)
        {
            api.Add("chainguard/static", "latest", start.AddDays(i), i == entries - 1 ? image.Digest : Sha256Digest.Compute(Guid.NewGuid().ToByteArray()));
        }

        var stub = await VendorStub.StartAsync(api, registry.Server.BaseUri);
        stub.Fault = fault;
        var connectionString = await postgres.CreateDatabaseAsync(Cancel);
        await using var host = new PollingHost(connectionString);
        await host.WatchAsync(stub.Authority, "chainguard/static:latest");
        return (stub, connectionString);
    }

    private async Task<(int ExitCode, string StandardOutput, string StandardError, string Output)> RunAsync(string connectionString, VendorStub stub, params string[] args)
    {
        await using var process = MonitorProcess.Start(directory, new Dictionary<string, string?>
        {
            ["ConnectionStrings__Monitor"] = connectionString,
            ["WatchlistFile"] = await QuietWatchlistAsync(),
            ["Registries__Hosts__vendor__Host"] = stub.Authority,
            ["Registries__Hosts__vendor__Kind"] = "Chainguard",
            ["Registries__MaxRetries"] = "0",
        }, args);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (exitCode, process.StandardOutput, process.StandardError, process.Output);
    }

    private async Task<string> QuietWatchlistAsync()
    {
        var path = Path.Combine(directory, "watchlist.yaml");
        await File.WriteAllTextAsync(path, TestWatchlist.Quiet, Cancel);
        return path;
    }
}
