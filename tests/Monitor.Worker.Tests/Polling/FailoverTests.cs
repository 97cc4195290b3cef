using System.Diagnostics;
using Monitor.Testing.Postgres;
using Monitor.Testing.Registry;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Polling;

/// <summary>
/// Two real <c>monitor</c> processes on one database; the one running a watch group's cycle is killed with kill -9 while
/// the (slow) registry still has the cycle waiting: the other takes the group over within the bound of docs/reliability.md
/// and the change that cycle was reading is recorded once.
/// </summary>
public sealed class FailoverTests(PostgresServer postgres, RegistryServerFixture registry) : IClassFixture<RegistryServerFixture>, IAsyncLifetime
{
    /// <summary>The replicas' heartbeat here; production's default is 10 s, and the bound scales with it.</summary>
    private static readonly TimeSpan CheckinInterval = TimeSpan.FromSeconds(2);

    private readonly string workDirectory = Directory.CreateTempSubdirectory("monitor-failover-").FullName;
    private FaultProxy? slow;

    /// <summary>
    /// Quartz sees a replica as failed once its check-in is CheckinInterval + CheckinMisfireThreshold (2 × CheckinInterval)
    /// old, at the next check-in of a survivor (up to CheckinInterval later), and recovers a non-concurrent job's fire only
    /// after a grace period of 2 × CheckinInterval + CheckinMisfireThreshold from the failed check-in: 8 intervals at most.
    /// </summary>
    public static TimeSpan TakeoverBound(TimeSpan checkinInterval) => checkinInterval * 8;

    public async ValueTask InitializeAsync() => slow = await FaultProxy.StartAsync(registry.Server.BaseUri);

    [Fact]
    public async Task Killing_the_replica_mid_cycle_hands_the_group_to_the_other_within_the_bound_without_losing_or_repeating_a_revision()
    {
        var connectionString = await postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var repo = $"failover-{Guid.NewGuid():N}"[..20];
        await registry.Server.Pusher.PushImageAsync(repo, "1", cancellationToken: TestContext.Current.CancellationToken);
        var watchlist = Path.Combine(workDirectory, "watchlist.yaml");
        await File.WriteAllTextAsync(watchlist,
            TestWatchlist.OneGroup(("failover", "0/5 * * * * ?", "00:00:00", $"{slow!.Registry}/{repo}")), TestContext.Current.CancellationToken);
        var replicas = new Dictionary<string, MonitorProcess>(StringComparer.Ordinal);
        try
        {
            foreach (var node in new[] { "replica-a", "replica-b" })
            {
                replicas[node] = (await ServiceProcess.StartReadyAsync(workDirectory, new Dictionary<string, string?>
                {
                    ["ConnectionStrings__Monitor"] = connectionString,
                    ["WatchlistFile"] = watchlist,
                    ["NodeName"] = node,
                    ["Scheduler__CheckinInterval"] = CheckinInterval.ToString(),
                })).Process;
            }

            await using var db = new PollingHost(connectionString);
            await ServiceProcess.WaitForAsync(async () => await db.CountAsync("SELECT count(*) FROM monitor.tag_revision") == 1, TimeSpan.FromSeconds(60), "the baseline");

            // The next cycle finds a new digest, but the registry keeps its HEAD waiting: kill whoever runs it.
            slow.ManifestDelay = TimeSpan.FromSeconds(20);
            var rebuilt = await registry.Server.Pusher.PushImageAsync(repo, "1", cancellationToken: TestContext.Current.CancellationToken);
            var pushedAt = DateTimeOffset.UtcNow;
            string? running = null;
            await ServiceProcess.WaitForAsync(async () =>
            {
                var rows = await db.RowsAsync($"SELECT node FROM monitor.poll_run WHERE watch_group = 'failover' AND finished_at IS NULL AND started_at > '{pushedAt:O}'");
                running = rows.Count == 1 ? (string)rows[0]["node"]! : null;
                return running is not null;
            }, TimeSpan.FromSeconds(30), "a cycle in progress");
            await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
            var killedAt = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            await replicas[running!].KillAsync();
            slow.ManifestDelay = TimeSpan.Zero;
            var survivor = replicas.Keys.Single(node => node != running);

            DateTimeOffset? takenOver = null;
            await ServiceProcess.WaitForAsync(async () =>
            {
                var rows = await db.RowsAsync($"SELECT min(started_at) AS started FROM monitor.poll_run WHERE node = '{survivor}' AND watch_group = 'failover' AND started_at > '{killedAt:O}'");
                takenOver = rows[0]["started"] is { } started ? PollingHost.At(started) : null;
                return takenOver is not null;
            }, TakeoverBound(CheckinInterval) + TimeSpan.FromSeconds(30), "the survivor's first cycle", replicas[survivor]);
            var takeover = takenOver!.Value - killedAt;
            await ServiceProcess.WaitForAsync(async () => await db.CountAsync("SELECT count(*) FROM monitor.tag_revision") >= 2, TimeSpan.FromSeconds(30), "the change");
            var recorded = clock.Elapsed;
            await Task.Delay(CheckinInterval * 3, TestContext.Current.CancellationToken);

            TestContext.Current.SendDiagnosticMessage(
                $"kill -9 of {running} mid-cycle: {survivor} started the group's next cycle {takeover.TotalSeconds:0.0} s later " +
                $"(CheckinInterval {CheckinInterval.TotalSeconds:0} s, bound {TakeoverBound(CheckinInterval).TotalSeconds:0} s); change recorded {recorded.TotalSeconds:0.0} s after the kill.");
            Assert.True(takeover < TakeoverBound(CheckinInterval), $"took over after {takeover}");
            Assert.Equal([rebuilt.Digest.Value], (await db.RowsAsync("SELECT digest FROM monitor.tag_revision WHERE NOT is_baseline")).Select(r => (string)r["digest"]!));
            Assert.Equal(2, await db.CountAsync("SELECT count(*) FROM monitor.tag_revision"));
            Assert.Equal(1, await db.CountAsync($"SELECT count(*) FROM monitor.poll_run WHERE node = '{running}' AND finished_at IS NULL"));
        }
        finally
        {
            foreach (var replica in replicas.Values)
            {
                await replica.DisposeAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (slow is not null)
        {
            await slow.DisposeAsync();
        }

        Directory.Delete(workDirectory, recursive: true);
    }
}
