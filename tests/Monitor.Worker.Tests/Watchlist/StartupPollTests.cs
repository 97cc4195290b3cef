using System.Globalization;
using Monitor.Testing.Postgres;
using Monitor.Testing.Registry;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Watchlist;

/// <summary>A group that never ran, or not for longer than its interval, is polled within seconds of start, once across replicas.</summary>
public sealed class StartupPollTests(PostgresServer postgres, RegistryServerFixture registry) : IClassFixture<RegistryServerFixture>, IDisposable
{
    private readonly string watchlistFile = Path.Combine(Path.GetTempPath(), $"watchlist-{Guid.NewGuid():N}.yaml");

    [Fact]
    public async Task An_hourly_group_that_never_ran_is_polled_within_30_s_of_start_without_its_jitter()
    {
        var (connectionString, db) = await HourlyGroupAsync();

        await using var host = await SchedulingHost.StartAsync(connectionString, watchlistFile);
        await WaitUntilAsync(async () => await db.CountAsync("SELECT count(*) FROM monitor.poll_run WHERE watch_group = 'hourly' AND finished_at IS NOT NULL") == 1,
            TimeSpan.FromSeconds(30), "the start-up poll");

        var run = Assert.Single(await db.RowsAsync("SELECT started_at, tags_checked FROM monitor.poll_run WHERE watch_group = 'hourly'"));
        Assert.Equal(1, run["tags_checked"]);
        Assert.True(PollingHost.At(run["started_at"]) - host.StartedAt < TimeSpan.FromSeconds(30));
        Assert.Equal("ok", (await db.RowsAsync("SELECT status FROM monitor.watched_tag"))[0]["status"]);
    }

    [Fact]
    public async Task Two_replicas_starting_together_poll_at_start_once()
    {
        var (connectionString, db) = await HourlyGroupAsync();

        var starting = new[] { "replica-a", "replica-b" }.Select(node => SchedulingHost.StartAsync(connectionString, watchlistFile, node)).ToList();
        await using var a = await starting[0];
        await using var b = await starting[1];
        await WaitUntilAsync(async () => await db.CountAsync("SELECT count(*) FROM monitor.poll_run WHERE watch_group = 'hourly' AND finished_at IS NOT NULL") >= 1,
            TimeSpan.FromSeconds(30), "the start-up poll");
        await Task.Delay(TimeSpan.FromSeconds(6), TestContext.Current.CancellationToken);

        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM monitor.poll_run WHERE watch_group = 'hourly'"));
    }

    [Fact]
    public async Task A_group_polled_within_its_interval_is_not_polled_again_at_start()
    {
        var (connectionString, db) = await HourlyGroupAsync();
        await db.ExecuteAsync("INSERT INTO monitor.poll_run (node, watch_group, started_at, finished_at, tags_checked, changes, failures, missing) " +
            "VALUES ('earlier', 'hourly', now() - interval '50 minutes', now() - interval '50 minutes', 1, 0, 0, 0)");

        await using var host = await SchedulingHost.StartAsync(connectionString, watchlistFile);
        await Task.Delay(TimeSpan.FromSeconds(8), TestContext.Current.CancellationToken);

        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM monitor.poll_run WHERE node <> 'earlier'"));
    }

    public void Dispose() => File.Delete(watchlistFile);

    /// <summary>A group polled every hour at a minute half an hour away (never due by its cron during a test), with a 5-minute jitter, one tag.</summary>
    private async Task<(string ConnectionString, PollingHost Db)> HourlyGroupAsync()
    {
        var connectionString = await postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var repo = $"start-{Guid.NewGuid():N}"[..20];
        await registry.Server.Pusher.PushImageAsync(repo, "1", cancellationToken: TestContext.Current.CancellationToken);
        var minute = ((DateTime.Now.Minute + 30) % 60).ToString(CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(watchlistFile,
            TestWatchlist.OneGroup(("hourly", $"0 {minute} * * * ?", "00:05:00", $"{registry.Server.Registry}/{repo}")), TestContext.Current.CancellationToken);
        return (connectionString, new PollingHost(connectionString));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}
