using Monitor.Testing.Postgres;
using Monitor.Testing.Registry;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Polling;

/// <summary>The polling engine against the real distribution registry and a real PostgreSQL.</summary>
public sealed class PollCycleTests(PostgresServer postgres, RegistryServerFixture registry) : IClassFixture<RegistryServerFixture>
{
    private RegistryServer Registry => registry.Server;

    [Fact]
    public async Task First_sighting_is_a_baseline_and_a_re_push_is_one_revision()
    {
        await using var host = new PollingHost(await postgres.CreateDatabaseAsync());
        var repo = Unique("app");
        var first = await Registry.Pusher.PushImageAsync(repo, "1.0");
        await host.WatchAsync(Registry.Registry, $"{repo}:1.0");

        var baseline = await host.PollAsync();
        var second = await Registry.Pusher.PushImageAsync(repo, "1.0");
        var rebuild = await host.PollAsync();

        Assert.Equal((1, 1, 1), (baseline.Checked, baseline.Changes, baseline.Baselines));
        Assert.Equal((1, 1, 0), (rebuild.Checked, rebuild.Changes, rebuild.Baselines));
        var revisions = await host.RowsAsync("SELECT digest, is_baseline, is_rollback, previous_revision_id FROM monitor.tag_revision ORDER BY id");
        Assert.Equal([first.Digest.Value, second.Digest.Value], revisions.Select(r => (string)r["digest"]!));
        Assert.Equal([true, false], revisions.Select(r => (bool)r["is_baseline"]!));
        Assert.Null(revisions[0]["previous_revision_id"]);
        Assert.NotNull(revisions[1]["previous_revision_id"]);
    }

    [Fact]
    public async Task Unchanged_polls_write_no_history_rows()
    {
        await using var host = new PollingHost(await postgres.CreateDatabaseAsync());
        var repo = Unique("steady");
        await Registry.Pusher.PushIndexAsync(repo, "latest", [PlatformSpec.LinuxAmd64, PlatformSpec.LinuxArm64]);
        await host.WatchAsync(Registry.Registry, $"{repo}:latest");
        await host.PollAsync();
        var revisionsBefore = await host.CountAsync("SELECT count(*) FROM monitor.tag_revision");
        var platformsBefore = await host.CountAsync("SELECT count(*) FROM monitor.revision_platform");

        for (var i = 0; i < 3; i++)
        {
            var summary = await host.PollAsync();
            Assert.Equal((1, 0, 0), (summary.Unchanged, summary.Changes, summary.Failed));
        }

        Assert.Equal(revisionsBefore, await host.CountAsync("SELECT count(*) FROM monitor.tag_revision"));
        Assert.Equal(platformsBefore, await host.CountAsync("SELECT count(*) FROM monitor.revision_platform"));
        Assert.Equal(host.Time.GetUtcNow(), PollingHost.At((await host.RowsAsync("SELECT last_checked_at FROM monitor.watched_tag"))[0]["last_checked_at"]));
    }

    [Fact]
    public async Task A_deleted_tag_becomes_missing_and_ok_again_when_it_returns()
    {
        await using var host = new PollingHost(await postgres.CreateDatabaseAsync());
        var repo = Unique("gone");
        var image = await Registry.Pusher.PushImageAsync(repo, "v1");
        await host.WatchAsync(Registry.Registry, $"{repo}:v1");
        await host.PollAsync();

        await Registry.Pusher.DeleteTagAsync(repo, "v1");
        var missing = await host.PollAsync();
        var statusWhileGone = await host.RowsAsync("SELECT status, current_digest FROM monitor.watched_tag");
        await Registry.Pusher.TagAsync(image, "v1");
        var back = await host.PollAsync();

        Assert.Equal(1, missing.Missing);
        Assert.Equal("missing", statusWhileGone[0]["status"]);
        Assert.Equal(image.Digest.Value, statusWhileGone[0]["current_digest"]);
        Assert.Equal((1, 0), (back.Unchanged, back.Changes));
        Assert.Equal("ok", (await host.RowsAsync("SELECT status FROM monitor.watched_tag"))[0]["status"]);
        Assert.Equal(1, await host.CountAsync("SELECT count(*) FROM monitor.tag_revision"));
    }

    [Fact]
    public async Task A_multi_arch_index_re_pushed_with_one_more_platform_is_a_revision_with_both_platform_sets()
    {
        await using var host = new PollingHost(await postgres.CreateDatabaseAsync());
        var repo = Unique("multi");
        await Registry.Pusher.PushIndexAsync(repo, "3", [PlatformSpec.LinuxAmd64, PlatformSpec.LinuxArm64], withAttestation: true);
        await host.WatchAsync(Registry.Registry, $"{repo}:3");
        await host.PollAsync();

        await Registry.Pusher.PushIndexAsync(repo, "3", [PlatformSpec.LinuxAmd64, PlatformSpec.LinuxArm64, PlatformSpec.LinuxS390x], withAttestation: true);
        var summary = await host.PollAsync();

        Assert.Equal(1, summary.Changes);
        var platforms = await host.RowsAsync("""
            SELECT r.id, string_agg(p.os || '/' || p.architecture || coalesce(nullif('/' || p.variant, '/'), ''), ',' ORDER BY p.architecture) AS platforms
            FROM monitor.tag_revision r JOIN monitor.revision_platform p ON p.revision_id = r.id
            GROUP BY r.id ORDER BY r.id
            """);
        Assert.Equal(["linux/amd64,linux/arm64/v8", "linux/amd64,linux/arm64/v8,linux/s390x"], platforms.Select(p => (string)p["platforms"]!));
    }

    [Fact]
    public async Task A_return_to_an_earlier_digest_is_recorded_as_a_rollback()
    {
        await using var host = new PollingHost(await postgres.CreateDatabaseAsync());
        var repo = Unique("rollback");
        var original = await Registry.Pusher.PushImageAsync(repo, "stable");
        await host.WatchAsync(Registry.Registry, $"{repo}:stable");
        await host.PollAsync();
        await Registry.Pusher.PushImageAsync(repo, "stable");
        await host.PollAsync();

        await Registry.Pusher.TagAsync(original, "stable");
        await host.PollAsync();

        var revisions = await host.RowsAsync("SELECT digest, is_rollback FROM monitor.tag_revision ORDER BY id");
        Assert.Equal([false, false, true], revisions.Select(r => (bool)r["is_rollback"]!));
        Assert.Equal(original.Digest.Value, revisions[2]["digest"]);
    }

    [Fact]
    public async Task A_revision_carries_the_detection_window_between_the_last_check_and_the_first_sighting()
    {
        await using var host = new PollingHost(await postgres.CreateDatabaseAsync());
        var repo = Unique("window");
        await Registry.Pusher.PushImageAsync(repo, "1");
        await host.WatchAsync(Registry.Registry, $"{repo}:1");
        await host.PollAsync();
        await host.PollAsync(TimeSpan.FromHours(1));
        var lastUnchangedCheck = host.Time.GetUtcNow();

        await Registry.Pusher.PushImageAsync(repo, "1");
        await host.PollAsync(TimeSpan.FromHours(2));

        var revision = (await host.RowsAsync("SELECT previous_check_at, first_seen_at FROM monitor.tag_revision WHERE NOT is_baseline"))[0];
        Assert.Equal(lastUnchangedCheck, PollingHost.At(revision["previous_check_at"]));
        Assert.Equal(lastUnchangedCheck.AddHours(2), PollingHost.At(revision["first_seen_at"]));
    }

    [Fact]
    public async Task A_failed_poll_records_the_failure_and_never_a_revision()
    {
        var closedPort = Monitor.Testing.FreePort.Next();
        await using var host = new PollingHost(await postgres.CreateDatabaseAsync());
        await host.WatchAsync($"127.0.0.1:{closedPort}", "nothing/here:1");

        var first = await host.PollAsync();
        var second = await host.PollAsync();

        Assert.True(first.AllFailed);
        Assert.Equal(1, second.Failed);
        var tag = (await host.RowsAsync("SELECT status, consecutive_failures, last_error, current_digest, last_checked_at FROM monitor.watched_tag"))[0];
        Assert.Equal("failing", tag["status"]);
        Assert.Equal(2, tag["consecutive_failures"]);
        Assert.False(string.IsNullOrEmpty((string?)tag["last_error"]));
        Assert.Null(tag["current_digest"]);
        Assert.Null(tag["last_checked_at"]);
        Assert.Equal(0, await host.CountAsync("SELECT count(*) FROM monitor.tag_revision"));
    }

    [Fact]
    public async Task Two_replicas_polling_the_same_change_at_once_record_it_once()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var replicaA = new PollingHost(connectionString);
        await using var replicaB = new PollingHost(connectionString);
        var repo = Unique("race");
        await Registry.Pusher.PushImageAsync(repo, "x");
        await replicaA.WatchAsync(Registry.Registry, $"{repo}:x");
        await replicaA.PollAsync();
        await Registry.Pusher.PushImageAsync(repo, "x");

        for (var round = 0; round < 5; round++)
        {
            replicaA.Time.Advance(TimeSpan.FromMinutes(1));
            replicaB.Time.Advance(TimeSpan.FromMinutes(1));
            await Task.WhenAll(replicaA.Cycle.RunAsync(PollingHost.Group, CancellationToken.None), replicaB.Cycle.RunAsync(PollingHost.Group, CancellationToken.None));
        }

        Assert.Equal(2, await replicaA.CountAsync("SELECT count(*) FROM monitor.tag_revision"));
        Assert.Equal(1, await replicaA.CountAsync("SELECT count(*) FROM monitor.tag_revision WHERE NOT is_baseline"));
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..20];
}
