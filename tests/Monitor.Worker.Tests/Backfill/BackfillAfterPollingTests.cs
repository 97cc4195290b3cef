using Monitor.Core.Cadence;
using Monitor.Core.References;
using Monitor.Data.History;
using Monitor.Data.Watches;
using Monitor.Registry.Configuration;
using Monitor.Testing.Postgres;
using Monitor.Testing.Registry;
using Monitor.Testing.Registry.Vendors;
using Monitor.Worker.Backfill;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Backfill;

/// <summary>
/// A tag polled for days, then back-filled: the registry's history repeats the changes the polls recorded, and each is
/// counted once, as it is stored (polled rows with their windows, back-filled rows with the registry's times).
/// </summary>
public sealed class BackfillAfterPollingTests(PostgresServer postgres, TokenAuthRegistryServerFixture registry) : IClassFixture<TokenAuthRegistryServerFixture>
{
    private const string Repository = "chainguard/node";

    [Fact]
    public async Task Changes_the_polls_recorded_and_the_history_repeats_are_counted_once()
    {
        var api = new ChainguardHistoryApi();
        await using var stub = await VendorStub.StartAsync(api, registry.Server.BaseUri);
        await using var host = new PollingHost(await postgres.CreateDatabaseAsync(), settings: new Dictionary<string, string?>
        {
            ["Registries:Hosts:vendor:Host"] = stub.Authority,
            ["Registries:Hosts:vendor:Kind"] = nameof(RegistryKind.Chainguard),
        });
        await host.WatchAsync(stub.Authority, $"{Repository}:latest");
        var tag = new TagReference(stub.Authority, Repository, "latest");

        // Polled: baseline a, then b and c, a day apart; the registry's history: an older x, a before the baseline, and b
        // and c pushed inside the polls' detection windows.
        var a = await PushAsync();
        var baselineSeen = host.Time.GetUtcNow().AddMinutes(15);
        await host.PollAsync();
        var b = await PushAsync();
        await host.PollAsync(TimeSpan.FromDays(1));
        var c = await PushAsync();
        await host.PollAsync(TimeSpan.FromDays(1));
        api.Add(Repository, "latest", baselineSeen.AddDays(-3), Sha256Digest.Compute([1, 2, 3]));
        api.Add(Repository, "latest", baselineSeen.AddDays(-1), a);
        api.Add(Repository, "latest", baselineSeen.AddDays(1).AddMinutes(-10), b);
        api.Add(Repository, "latest", baselineSeen.AddDays(2).AddMinutes(-20), c);
        var polledOnly = await EventsAsync(host);

        var backfill = await host.Get<Backfiller>().BackfillAsync(await RowAsync(host, tag), CancellationToken.None);
        var merged = await EventsAsync(host);

        Assert.Equal(2, polledOnly.Count);
        Assert.Equal((4, 4), (backfill.Entries, backfill.Added));
        Assert.Equal(
            [(baselineSeen.AddDays(-1), true, EventTimeSource.Pushed), (baselineSeen.AddDays(1).AddMinutes(-10), false, EventTimeSource.Pushed),
             (baselineSeen.AddDays(2).AddMinutes(-20), false, EventTimeSource.Pushed)],
            merged.Select(e => (e.Time, e.IsBackfill, e.TimeSource)));
        Assert.Equal(polledOnly.Select(e => e.DetectionWindowStart), merged.Skip(1).Select(e => e.DetectionWindowStart));

        // The history learns of d before the next poll does: once back-filled, once polled, still one rebuild and no rollback.
        var d = await PushAsync();
        api.Add(Repository, "latest", baselineSeen.AddDays(3).AddMinutes(-5), d);
        host.Time.Advance(TimeSpan.FromDays(1) - TimeSpan.FromMinutes(1)); // the history's time of d is past, the next poll not yet due
        await host.Get<Backfiller>().BackfillAsync(await RowAsync(host, tag), CancellationToken.None);
        var beforePoll = await EventsAsync(host);
        await host.PollAsync(TimeSpan.FromMinutes(1));
        var afterPoll = await EventsAsync(host);

        Assert.Equal((4, true), (beforePoll.Count, beforePoll[^1].IsBackfill));
        Assert.Equal(4, afterPoll.Count);
        Assert.Equal((false, false, baselineSeen.AddDays(3).AddMinutes(-5)), (afterPoll[^1].IsBackfill, afterPoll[^1].IsRollback, afterPoll[^1].Time));
        Assert.Equal(1L, await host.CountAsync($"SELECT count(*) FROM monitor.tag_revision WHERE source = 'poll' AND digest = '{d.Value}'"));
    }

    private async Task<Sha256Digest> PushAsync() => (await registry.Server.Pusher.PushImageAsync(Repository, "latest")).Digest;

    private static async Task<WatchedTagRow> RowAsync(PollingHost host, TagReference tag) =>
        (await host.Get<WatchStore>().FindAsync(tag, CancellationToken.None))!;

    private static async Task<IReadOnlyList<RebuildEvent>> EventsAsync(PollingHost host)
    {
        var tagId = (await host.Get<WatchStore>().ListAsync(null, includeDisabled: false, CancellationToken.None)).Single().Id;
        var revisions = (await host.Get<HistoryReader>().LoadRevisionsAsync([tagId], withPlatforms: false, CancellationToken.None))[tagId];
        return CadenceCalculator.Summarise([.. revisions.Select(r => r.Revision)], host.Time.GetUtcNow()).Events;
    }
}
