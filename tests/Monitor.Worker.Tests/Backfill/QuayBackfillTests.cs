using Monitor.Core.References;
using Monitor.Registry.Configuration;
using Monitor.Testing.Postgres;
using Monitor.Testing.Registry;
using Monitor.Testing.Registry.Vendors;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Backfill;

/// <summary>
/// A Quay tag on its first day: its history from Quay's tag API (every assignment of the tag, ended ones with their
/// <c>end_ts</c>, 100 a page while <c>has_additional</c>), back-filled after the first poll.
/// </summary>
[Collection(OneHostAtATime.Name)]
public sealed class QuayBackfillTests(PostgresServer postgres, RegistryServerFixture registry) : IClassFixture<RegistryServerFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_quay_tag_shows_its_daily_cadence_from_a_paged_history_and_a_second_backfill_adds_nothing()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var lastBuild = now.AddHours(-30);
        var image = await registry.Server.Pusher.PushImageAsync("quayorg/app", "latest", cancellationToken: Cancel);
        var api = new QuayTagApi();
        // 150 daily builds: each new assignment ends the one before (end_ts); the newest is live. Another tag of the
        // repository is rebuilt as often and must not count.
        for (var i = 0; i < 150; i++)
        {
            var at = lastBuild.AddDays(i - 149);
            api.Push("quayorg/app", "latest", i == 149 ? image.Digest : Sha256Digest.Compute(Guid.NewGuid().ToByteArray()), at);
            api.Push("quayorg/app", "edge", Sha256Digest.Compute(Guid.NewGuid().ToByteArray()), at.AddHours(3));
        }

        await using var vendor = await VendorHost.StartAsync(postgres, registry.Server, api, RegistryKind.Quay, now);
        var tag = vendor.Tag("quayorg/app:latest");
        await vendor.WatchAsync(tag);

        var poll = await vendor.PollAsync();
        await vendor.WaitForAutomaticBackfillAsync();

        Assert.Equal((1, 1, 0), (poll.Changes, poll.Baselines, poll.Failed));
        var detail = await vendor.DetailAsync(tag);
        var events = detail.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(149, events.Count);
        Assert.All(events, e => Assert.True(e.GetProperty("isBackfill").GetBoolean()));
        Assert.Equal(lastBuild.AddDays(-148), events[0].GetProperty("time").GetDateTimeOffset());
        Assert.Equal(lastBuild, events[^1].GetProperty("time").GetDateTimeOffset());
        var summary = detail.GetProperty("summary");
        Assert.Equal(("fresh", 86_400d, 149), (summary.GetProperty("status").GetString(), summary.GetProperty("medianIntervalSeconds").GetDouble(),
            summary.GetProperty("rebuildEvents").GetInt32()));
        Assert.Equal(150L, await vendor.RevisionsAsync("backfill"));

        // 150 assignments of the tag: two pages of 100 (the first says has_additional).
        var historyPages = vendor.Stub.Requests.Where(r => r.Query.Contains("specificTag=latest", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, historyPages.Count);
        Assert.All(historyPages, r => Assert.Contains("onlyActiveTags=false", r.Query, StringComparison.Ordinal));

        var (status, body) = await vendor.BackfillAsync(tag);

        Assert.Equal(200, status);
        Assert.Equal(("imported", "quay", 150, 0), (body.GetProperty("outcome").GetString(), body.GetProperty("source").GetString(),
            body.GetProperty("entries").GetInt32(), body.GetProperty("added").GetInt32()));
        Assert.Equal(150L, await vendor.RevisionsAsync("backfill"));
        Assert.Equal(summary.GetRawText(), (await vendor.DetailAsync(tag)).GetProperty("summary").GetRawText());
    }
}
