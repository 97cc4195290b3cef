using Monitor.Core.Cadence;
using Monitor.Data.History;
using Monitor.Testing.Postgres;
using Monitor.Testing.Registry;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Polling;

/// <summary>
/// Each tag's times are its own request's, however long the cycle takes: a tag is "last checked" when its request was
/// sent and "first seen" with a new digest when the answer arrived. The registry (a fault proxy in front of the real one)
/// holds one tag's answer back while other tags of the same cycle are answered and then change.
/// </summary>
public sealed class DetectionWindowTests(PostgresServer postgres, RegistryServerFixture registry) : IClassFixture<RegistryServerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private RegistryServer Registry => registry.Server;

    [Fact]
    public async Task A_tag_held_back_while_others_change_leaves_every_stored_window_around_the_true_push_time()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var proxy = await FaultProxy.StartAsync(Registry.BaseUri);
        await using var host = new PollingHost(await postgres.CreateDatabaseAsync(ct), flowing: true);
        var (held, moving, steady) = (Unique("held"), Unique("moving"), Unique("steady"));
        foreach (var repo in new[] { held, moving, steady })
        {
            await Registry.Pusher.PushImageAsync(repo, "1", cancellationToken: ct);
            await host.WatchAsync(proxy.Registry, $"{repo}:1");
        }

        await host.PollAsync();

        // The slow cycle: the held tag's HEAD waits until both other tags have been answered, then two tags are re-pushed.
        var hold = proxy.Hold(FaultProxy.Request("HEAD", $"/{held}/manifests/1"), times: 1);
        host.Time.Advance(TimeSpan.FromMinutes(15));
        var slowCycle = host.Cycle.RunAsync(PollingHost.Group, ct);
        await hold.Arrived.WaitAsync(Patience, ct);
        await WaitUntilAsync(() => proxy.Answered.Contains($"HEAD /v2/{moving}/manifests/1") && proxy.Answered.Contains($"HEAD /v2/{steady}/manifests/1"));
        var before = host.Clock.GetUtcNow();
        var movingRebuilt = await Registry.Pusher.PushImageAsync(moving, "1", cancellationToken: ct);
        var heldRebuilt = await Registry.Pusher.PushImageAsync(held, "1", cancellationToken: ct);
        var after = host.Clock.GetUtcNow();
        await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        hold.Release();
        var slow = await slowCycle;
        var slowEnded = host.Clock.GetUtcNow();
        var next = await host.PollAsync(TimeSpan.FromMinutes(1));

        Assert.Equal((3, 1, 2), (slow.Checked, slow.Changes, slow.Unchanged));
        Assert.Equal((1, 2), (next.Changes, next.Unchanged));
        var revisions = await host.RowsAsync("""
            SELECT t.repository, r.digest, r.previous_check_at, r.first_seen_at
            FROM monitor.tag_revision r JOIN monitor.watched_tag t ON t.id = r.watched_tag_id
            WHERE NOT r.is_baseline ORDER BY t.repository
            """);
        Assert.Equal([(held, heldRebuilt.Digest.Value), (moving, movingRebuilt.Digest.Value)], revisions.Select(r => ((string)r["repository"]!, (string)r["digest"]!)));
        Assert.All(revisions, r =>
        {
            // The true push lies in [before, after]: the stored window must hold all of that span.
            Assert.True(PollingHost.At(r["previous_check_at"]) <= before, $"{r["repository"]}: window starts {PollingHost.At(r["previous_check_at"]):O}, after the push began at {before:O}");
            Assert.True(PollingHost.At(r["first_seen_at"]) >= after, $"{r["repository"]}: window ends {PollingHost.At(r["first_seen_at"]):O}, before the push ended at {after:O}");
        });

        // The slow cycle ended well after the push; the moving tag's window starts at its own request instead.
        Assert.True(slowEnded - after >= TimeSpan.FromMilliseconds(500));
        var events = await EventsAsync(host, moving);
        var rebuild = Assert.Single(events);
        Assert.True(rebuild.DetectionWindowStart <= before && rebuild.DetectionWindowEnd >= after && rebuild.Time == rebuild.DetectionWindowEnd);
    }

    private static async Task<IReadOnlyList<RebuildEvent>> EventsAsync(PollingHost host, string repository)
    {
        var id = await host.CountAsync($"SELECT id FROM monitor.watched_tag WHERE repository = '{repository}'");
        var revisions = await host.Get<HistoryReader>().LoadRevisionsAsync([id], withPlatforms: false, CancellationToken.None);
        return CadenceCalculator.Summarise([.. revisions[id].Select(r => r.Revision)], host.Clock.GetUtcNow()).Events;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the proxy to answer the other tags");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..20];
}
