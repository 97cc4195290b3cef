using Microsoft.Extensions.DependencyInjection;
using Monitor.Testing.Postgres;
using Monitor.Testing.Registry;
using Monitor.Worker.Hosting;
using Monitor.Worker.Tests.Support;
using Quartz;

namespace Monitor.Worker.Tests.Polling;

/// <summary>A schedule that could not run for a while catches up with one cycle, not one per missed slot.</summary>
public sealed class MisfireTests(PostgresServer postgres, RegistryServerFixture registry) : IClassFixture<RegistryServerFixture>, IDisposable
{
    private readonly string watchlistFile = Path.Combine(Path.GetTempPath(), $"watchlist-{Guid.NewGuid():N}.yaml");

    [Fact]
    public async Task Missed_cycles_run_once_when_the_scheduler_comes_back()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var repo = $"misfire-{Guid.NewGuid():N}"[..20];
        await registry.Server.Pusher.PushImageAsync(repo, "1");
        await File.WriteAllTextAsync(watchlistFile, $"""
            watchlist:
              groups:
                - name: default
                  schedule: "* * * * * ?"
                  jitter: "00:00:00"
              entries:
                - repository: {registry.Server.Registry}/{repo}
                  tags: ["1"]
            """);
        await using var app = MonitorApplication.Build(
        [
            "--Urls=http://127.0.0.1:0", $"--WatchlistFile={watchlistFile}", "--Scheduler:MisfireThreshold=00:00:01",
        ], connectionString);
        await app.StartAsync();
        await using var host = new PollingHost(connectionString);
        await WaitUntilAsync(async () => await host.CountAsync("SELECT count(*) FROM monitor.poll_run") >= 2);
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        await scheduler.Standby();
        await Task.Delay(TimeSpan.FromSeconds(1));
        var pausedAt = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(8));
        await scheduler.Start();
        var resumedAt = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromMilliseconds(1500));
        await app.StopAsync();

        var duringPause = await host.CountAsync($"SELECT count(*) FROM monitor.poll_run WHERE started_at > '{pausedAt:O}' AND started_at < '{resumedAt:O}'");
        var afterResume = await host.CountAsync($"SELECT count(*) FROM monitor.poll_run WHERE started_at >= '{resumedAt:O}'");
        Assert.Equal(0, duringPause);
        // Eight slots were missed; catching up one by one would run ~8 cycles at once. One catch-up run plus
        // at most the regular second-by-second fires of the 1.5 s after resuming.
        Assert.InRange(afterResume, 1, 3);
    }

    public void Dispose() => File.Delete(watchlistFile);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the first poll cycles");
            await Task.Delay(200);
        }
    }
}
