using System.Diagnostics;
using System.Net;
using Monitor.Testing.Registry;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Hosting;

/// <summary>
/// PostgreSQL stopped for 60 s under the real executable while it polls the real registry: the service stays up, is
/// unready meanwhile and ready again soon after, records the change pushed during the outage once, and logs the outage
/// as a few lines without stack traces.
/// </summary>
public sealed class DatabaseOutageTests(RegistryServerFixture registry) : IClassFixture<RegistryServerFixture>, IDisposable
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(60);
    private readonly string workDirectory = Directory.CreateTempSubdirectory("monitor-outage-").FullName;

    [Fact]
    public async Task A_60_s_database_outage_keeps_the_service_up_and_logs_it_briefly_and_the_change_pushed_meanwhile_is_recorded_once()
    {
        await using var database = await PrivatePostgres.StartAsync();
        var repo = $"outage-{Guid.NewGuid():N}"[..20];
        await registry.Server.Pusher.PushImageAsync(repo, "1", cancellationToken: TestContext.Current.CancellationToken);
        var watchlist = Path.Combine(workDirectory, "watchlist.yaml");
        await File.WriteAllTextAsync(watchlist,
            TestWatchlist.OneGroup(("outage", "*/2 * * * * ?", "00:00:00", $"{registry.Server.Registry}/{repo}")), TestContext.Current.CancellationToken);
        var (service, port) = await ServiceProcess.StartReadyAsync(workDirectory, new Dictionary<string, string?>
        {
            ["ConnectionStrings__Monitor"] = database.ConnectionString,
            ["WatchlistFile"] = watchlist,
        });
        await using var _ = service;
        // The test's own queries open a new connection each: a pooled one would not survive the restart.
        await using var db = new PollingHost(new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        await ServiceProcess.WaitForAsync(async () => await db.CountAsync("SELECT count(*) FROM monitor.tag_revision") == 1, TimeSpan.FromSeconds(60), "the baseline", service);

        var logBefore = service.Output.Length;
        await database.StopAsync();
        var rebuilt = await registry.Server.Pusher.PushImageAsync(repo, "1", cancellationToken: TestContext.Current.CancellationToken);
        var answers = new List<HttpStatusCode?>();
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < Outage; await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken))
        {
            answers.Add(await ServiceProcess.ReadinessAsync(port));
        }

        await database.StartAgainAsync();
        var recovery = Stopwatch.StartNew();
        await ServiceProcess.WaitForAsync(async () => await ServiceProcess.ReadinessAsync(port) == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "/readyz 200 after the outage", service);
        var readyAfter = recovery.Elapsed;
        await ServiceProcess.WaitForAsync(async () => await db.CountAsync("SELECT count(*) FROM monitor.tag_revision") >= 2, TimeSpan.FromSeconds(30), "the change pushed during the outage", service);
        var recordedAfter = recovery.Elapsed;
        // A few more cycles: the change stays one revision.
        await Task.Delay(TimeSpan.FromSeconds(6), TestContext.Current.CancellationToken);
        var log = service.Output[logBefore..];

        var problems = ConsoleLog.Problems(log);
        TestContext.Current.SendDiagnosticMessage(
            $"Outage of {Outage.TotalSeconds:0} s: /readyz {string.Join(" ", answers.Select(a => a is null ? "-" : ((int)a).ToString(System.Globalization.CultureInfo.InvariantCulture)))}; " +
            $"200 again {readyAfter.TotalSeconds:0.0} s after PostgreSQL was back; change recorded after {recordedAfter.TotalSeconds:0.0} s; " +
            $"{problems.Count} warning/error entries, {log.Length} characters of log:\n{log}");
        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.ServiceUnavailable, answer));
        Assert.True(readyAfter < TimeSpan.FromSeconds(30));
        Assert.Equal([rebuilt.Digest.Value], (await db.RowsAsync("SELECT digest FROM monitor.tag_revision WHERE NOT is_baseline")).Select(r => (string)r["digest"]!));
        Assert.Equal(2, await db.CountAsync("SELECT count(*) FROM monitor.tag_revision"));
        Assert.True(problems.Count < 20, $"{problems.Count} warning/error entries:\n{log}");
        Assert.DoesNotMatch(ConsoleLog.StackFrame(), log);
        Assert.Single(problems, p => p.Message.StartsWith("PostgreSQL is unreachable: ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Message.StartsWith("PostgreSQL still unreachable after 00:00:", StringComparison.Ordinal));
        Assert.Single(ConsoleLog.Entries(log), e => e.Message.StartsWith("PostgreSQL answers again after 00:01:", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(workDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind does no harm.
        }
    }
}
