using Monitor.Testing.Postgres;
using Monitor.Testing.Registry;
using Monitor.Worker.Polling;
using Monitor.Worker.Tests.Support;
using Quartz;

namespace Monitor.Worker.Tests.Watchlist;

/// <summary>
/// A restart reconciles the shared Quartz store with the watchlist: removed groups' jobs and triggers go, changed
/// schedules are replaced, unchanged ones keep their trigger (and so a cycle missed while no replica ran).
/// </summary>
public sealed class ScheduleReconciliationTests(PostgresServer postgres, RegistryServerFixture registry) : IClassFixture<RegistryServerFixture>, IDisposable
{
    private const string Never = MonitorHost.Never;
    private readonly string watchlistFile = Path.Combine(Path.GetTempPath(), $"watchlist-{Guid.NewGuid():N}.yaml");

    [Fact]
    public async Task A_removed_group_loses_its_job_and_trigger_at_restart()
    {
        var connectionString = await postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        await using var db = new PollingHost(connectionString);
        await RunOnceAsync(connectionString, Groups(("default", Never, 0), ("retired", Never, 0)));
        Assert.Equal(["default", "retired"], await PollJobsAsync(db));

        await RunOnceAsync(connectionString, Groups(("default", Never, 0)));

        Assert.Equal(["default"], await PollJobsAsync(db));
        Assert.Equal(["default"], await NamesAsync(db, "SELECT trigger_name FROM monitor.qrtz_triggers WHERE trigger_group = 'poll' ORDER BY 1"));
    }

    [Fact]
    public async Task A_changed_cron_or_jitter_is_replaced_and_an_unchanged_schedule_keeps_its_trigger()
    {
        var connectionString = await postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        await using var db = new PollingHost(connectionString);
        await RunOnceAsync(connectionString, Groups(("default", "0 0 3 * * ?", 0), ("recron", "0 0 3 * * ?", 0), ("rejitter", "0 0 3 * * ?", 5)));
        var before = await TriggersAsync(db);

        // Start times are stored to the second: a replaced trigger must be able to show a later one.
        await Task.Delay(TimeSpan.FromSeconds(1.1), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(watchlistFile, Groups(("default", "0 0 3 * * ?", 0), ("recron", "0 30 4 * * ?", 0), ("rejitter", "0 0 3 * * ?", 20)), TestContext.Current.CancellationToken);
        await using var host = await SchedulingHost.StartAsync(connectionString, watchlistFile);
        var after = await TriggersAsync(db);

        // Unchanged: the very trigger the first run stored (a replaced one starts at the time it was built).
        Assert.Equal(before["default"], after["default"]);
        Assert.Equal("0 30 4 * * ?", Assert.Single(await NamesAsync(db, "SELECT cron_expression FROM monitor.qrtz_cron_triggers WHERE trigger_name = 'recron'")));
        Assert.NotEqual(before["recron"], after["recron"]);
        Assert.NotEqual(before["rejitter"].StartTime, after["rejitter"].StartTime);
        var job = await (await host.SchedulerAsync()).GetJobDetail(new JobKey("rejitter", "poll"), TestContext.Current.CancellationToken);
        Assert.True(job!.JobDataMap.TryGetInt(PollJob.JitterKey, out var jitter));
        Assert.Equal(20, jitter);
    }

    [Fact]
    public async Task A_cycle_missed_while_no_replica_ran_runs_once_after_a_restart_with_the_same_schedule()
    {
        var connectionString = await postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        await using var db = new PollingHost(connectionString);
        var repo = $"missed-{Guid.NewGuid():N}"[..20];
        await registry.Server.Pusher.PushImageAsync(repo, "1", cancellationToken: TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(watchlistFile, Groups(("default", "0/10 * * * * ?", 0)) + $"""
              entries:
                - repository: {registry.Server.Registry}/{repo}
                  tags: ["1"]

            """, TestContext.Current.CancellationToken);

        DateTimeOffset missed, storedSince;
        await using (var first = await SchedulingHost.StartAsync(connectionString, watchlistFile, "first"))
        {
            await WaitUntilAsync(async () => await db.CountAsync("SELECT count(*) FROM monitor.poll_run WHERE finished_at IS NOT NULL") >= 1, "a first cycle");
            var trigger = await (await first.SchedulerAsync()).GetTrigger(new TriggerKey("default", "poll"), TestContext.Current.CancellationToken);
            (missed, storedSince) = (trigger!.NextFireTimeUtc!.Value, trigger.StartTimeUtc);
            await first.StopAsync();
            Assert.True(DateTimeOffset.UtcNow < missed, "the first replica should stop before its next slot");
        }

        await Task.Delay(missed - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        await using var second = await SchedulingHost.StartAsync(connectionString, watchlistFile, "second");
        var nextSlot = missed.AddSeconds(10);
        await Task.Delay(nextSlot - DateTimeOffset.UtcNow - TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);

        // Before the next regular slot, the missed one has run, once, from the trigger the first replica left.
        Assert.Equal(1, await db.CountAsync($"SELECT count(*) FROM monitor.poll_run WHERE node = 'second' AND started_at < '{nextSlot:O}'"));
        var kept = await (await second.SchedulerAsync()).GetTrigger(new TriggerKey("default", "poll"), TestContext.Current.CancellationToken);
        Assert.Equal(storedSince, kept!.StartTimeUtc);
        Assert.True(kept.PreviousFireTimeUtc >= missed, $"the kept trigger last fired at {kept.PreviousFireTimeUtc:O}, the missed slot was {missed:O}");
    }

    public void Dispose() => File.Delete(watchlistFile);

    private async Task RunOnceAsync(string connectionString, string yaml)
    {
        await File.WriteAllTextAsync(watchlistFile, yaml, TestContext.Current.CancellationToken);
        await using var host = await SchedulingHost.StartAsync(connectionString, watchlistFile);
    }

    private static string Groups(params (string Name, string Schedule, int JitterSeconds)[] groups) =>
        $"watchlist:\n  discoverySchedule: \"{Never}\"\n  groups:\n" + string.Concat(groups.Select(g =>
            $"    - {{ name: {g.Name}, schedule: \"{g.Schedule}\", jitter: \"00:00:{g.JitterSeconds:00}\" }}\n"));

    private static Task<List<string>> PollJobsAsync(PollingHost db) =>
        NamesAsync(db, "SELECT job_name FROM monitor.qrtz_job_details WHERE job_group = 'poll' ORDER BY 1");

    private static async Task<List<string>> NamesAsync(PollingHost db, string sql) =>
        [.. (await db.RowsAsync(sql)).Select(row => (string)row.Values.Single()!)];

    private static async Task<Dictionary<string, (long StartTime, long? NextFireTime)>> TriggersAsync(PollingHost db) =>
        (await db.RowsAsync("SELECT trigger_name, start_time, next_fire_time FROM monitor.qrtz_triggers WHERE trigger_group = 'poll'"))
            .ToDictionary(row => (string)row["trigger_name"]!, row => ((long)row["start_time"]!, (long?)row["next_fire_time"]));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}
