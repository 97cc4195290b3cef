using Microsoft.AspNetCore.Builder;
using Monitor.Testing.Postgres;
using Monitor.Testing.Registry;
using Monitor.Worker.Hosting;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Polling;

/// <summary>Two service replicas on one database and one registry: one schedule, no overlap, no duplicates, failover.</summary>
public sealed class ClusterTests(PostgresServer postgres, RegistryServerFixture registry) : IClassFixture<RegistryServerFixture>, IDisposable
{
    private readonly string watchlistFile = Path.Combine(Path.GetTempPath(), $"watchlist-{Guid.NewGuid():N}.yaml");

    [Fact]
    public async Task Two_replicas_share_the_schedule_without_overlap_or_duplicates_and_one_survives_the_other()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var repo = $"cluster-{Guid.NewGuid():N}"[..20];
        await registry.Server.Pusher.PushImageAsync(repo, "1");
        await File.WriteAllTextAsync(watchlistFile, $"""
            watchlist:
              groups:
                - name: default
                  schedule: "*/2 * * * * ?"
                  jitter: "00:00:00"
              entries:
                - repository: {registry.Server.Registry}/{repo}
                  tags: ["1"]
            """);

        var replicaA = Start(connectionString, "replica-a");
        var replicaB = Start(connectionString, "replica-b");
        await replicaA.StartAsync();
        await replicaB.StartAsync();
        await using var host = new PollingHost(connectionString);

        await WaitUntilAsync(() => host.CountAsync("SELECT count(*) FROM monitor.tag_revision"), n => n == 1, "baseline");
        await registry.Server.Pusher.PushImageAsync(repo, "1");
        await WaitUntilAsync(() => host.CountAsync("SELECT count(*) FROM monitor.tag_revision"), n => n == 2, "the rebuild");

        await replicaA.StopAsync();
        await replicaA.DisposeAsync();
        var stoppedAt = DateTimeOffset.UtcNow;
        await WaitUntilAsync(
            () => host.CountAsync($"SELECT count(*) FROM monitor.poll_run WHERE node = 'replica-b' AND started_at > '{stoppedAt:O}'"),
            n => n >= 2, "replica-b polling after replica-a stopped");
        await replicaB.StopAsync();
        await replicaB.DisposeAsync();

        Assert.Equal(2, await host.CountAsync("SELECT count(*) FROM monitor.tag_revision"));
        var overlaps = await host.CountAsync("""
            SELECT count(*) FROM monitor.poll_run a JOIN monitor.poll_run b
              ON a.id < b.id AND a.watch_group = b.watch_group
             AND tstzrange(a.started_at, a.finished_at) && tstzrange(b.started_at, b.finished_at)
            """);
        Assert.Equal(0, overlaps);
        Assert.Equal(0, await host.CountAsync("SELECT count(*) FROM monitor.poll_run WHERE finished_at IS NULL"));
    }

    public void Dispose() => File.Delete(watchlistFile);

    private WebApplication Start(string connectionString, string node) =>
        MonitorApplication.Build(
        [
            "--Urls=http://127.0.0.1:0",
            $"--NodeName={node}",
            $"--WatchlistFile={watchlistFile}",
            "--Scheduler:CheckinInterval=00:00:01",
        ], connectionString);

    private static async Task WaitUntilAsync(Func<Task<long>> probe, Func<long, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        long last = -1;
        while (DateTime.UtcNow < deadline)
        {
            last = await probe();
            if (done(last))
            {
                return;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"timed out waiting for {what} (last value {last})");
    }
}
