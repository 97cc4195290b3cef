using Monitor.Testing.Postgres;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Hosting;

/// <summary>
/// The real executable stopped with Ctrl-C signs off the cluster, so its next start warns of no failed instance; a
/// replica that really died (kill -9) is still reported, and its work recovered, by the next to check in.
/// </summary>
public sealed class CleanRestartTests(PostgresServer postgres) : IDisposable
{
    private const string Detected = "ClusterManager: detected";
    private readonly string workDirectory = Directory.CreateTempSubdirectory("monitor-restart-").FullName;

    [Fact]
    public async Task A_clean_stop_and_start_logs_no_ClusterManager_warning_and_a_killed_replica_is_still_reported()
    {
        // No tags and schedules that never fire: no cycle is running when Ctrl-C comes, so the stop is a clean one.
        var watchlist = Path.Combine(workDirectory, "watchlist.yaml");
        await File.WriteAllTextAsync(watchlist, TestWatchlist.Quiet, TestContext.Current.CancellationToken);
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Monitor"] = await postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken),
            ["Scheduler__CheckinInterval"] = "00:00:01",
            ["WatchlistFile"] = watchlist,
        };

        await using (var first = await StartAsync(environment))
        {
            // The exit code is not this test's subject: System.CommandLine answers 130 when the host takes over 2 s to stop.
            await first.InterruptAsync();
            await first.WaitForExitAsync(TimeSpan.FromSeconds(60));
            Assert.Contains("Application is shutting down", first.Output, StringComparison.Ordinal);
        }

        await using (var second = await StartAsync(environment))
        {
            // The first check-in (where a stale row would be reported) happens at start; give it a few more rounds.
            await Task.Delay(TimeSpan.FromSeconds(4), TestContext.Current.CancellationToken);
            Assert.DoesNotContain(Detected, second.Output, StringComparison.Ordinal);
            await second.KillAsync();
        }

        await using var third = await StartAsync(environment);
        await ServiceProcess.WaitForAsync(() => Task.FromResult(third.Output.Contains(Detected, StringComparison.Ordinal)), TimeSpan.FromSeconds(30), $"'{Detected}' after kill -9", third);
    }

    public void Dispose() => Directory.Delete(workDirectory, recursive: true);

    private async Task<MonitorProcess> StartAsync(Dictionary<string, string?> environment) =>
        (await ServiceProcess.StartReadyAsync(workDirectory, environment)).Process;
}
