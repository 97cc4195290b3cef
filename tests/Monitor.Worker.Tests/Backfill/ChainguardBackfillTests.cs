using System.Text.Json;
using Monitor.Core.References;
using Monitor.Registry.Configuration;
using Monitor.Testing.Postgres;
using Monitor.Testing.Registry;
using Monitor.Testing.Registry.Vendors;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Backfill;

/// <summary>
/// A Chainguard tag on its first day: its history from Chainguard's tag history API (served the documented way, behind the
/// registry's token challenge), back-filled automatically after the first poll, shows its real nightly cadence.
/// </summary>
[Collection(OneHostAtATime.Name)]
public sealed class ChainguardBackfillTests(PostgresServer postgres, TokenAuthRegistryServerFixture registry) : IClassFixture<TokenAuthRegistryServerFixture>
{
    private const double Day = 86_400;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_chainguard_tag_shows_its_nightly_cadence_on_day_one_and_a_second_backfill_adds_nothing()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var lastBuild = now.AddHours(-20);
        var image = await registry.Server.Pusher.PushImageAsync("chainguard/static", "latest", cancellationToken: Cancel);
        var api = new ChainguardHistoryApi();
        var digests = Enumerable.Range(0, 29).Select(i => Sha256Digest.Compute(Guid.NewGuid().ToByteArray())).Append(image.Digest).ToList();
        for (var i = 0; i < digests.Count; i++)
        {
            api.Add("chainguard/static", "latest", lastBuild.AddDays(i - 29), digests[i]);
        }

        await using var vendor = await VendorHost.StartAsync(postgres, registry.Server, api, RegistryKind.Chainguard, now);
        var tag = vendor.Tag("chainguard/static:latest");
        await vendor.WatchAsync(tag);

        var poll = await vendor.PollAsync();
        await vendor.WaitForAutomaticBackfillAsync();

        Assert.Equal((1, 1, 0), (poll.Changes, poll.Baselines, poll.Failed));
        var detail = await vendor.DetailAsync(tag);
        var events = detail.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(29, events.Count);
        Assert.All(events, e =>
        {
            Assert.True(e.GetProperty("isBackfill").GetBoolean());
            Assert.Equal("Pushed", e.GetProperty("timeSource").GetString());
            Assert.Equal(JsonValueKind.Null, e.GetProperty("detectedAfter").ValueKind);
        });
        Assert.Equal(lastBuild, events[^1].GetProperty("time").GetDateTimeOffset());
        Assert.Equal(image.Digest.Value, events[^1].GetProperty("digest").GetString());
        var revisions = detail.GetProperty("revisions").EnumerateArray().ToList();
        Assert.Equal(30, revisions.Count(r => r.GetProperty("source").GetString() == "backfill"));
        var baseline = Assert.Single(revisions, r => r.GetProperty("source").GetString() == "poll");
        Assert.True(baseline.GetProperty("isBaseline").GetBoolean());

        var summary = detail.GetProperty("summary");
        Assert.Equal("fresh", summary.GetProperty("status").GetString());
        Assert.Equal(Day, summary.GetProperty("medianIntervalSeconds").GetDouble());
        Assert.Equal(29, summary.GetProperty("rebuildEvents").GetInt32());
        Assert.Equal("pushed", summary.GetProperty("ageSource").GetString());
        Assert.Equal(lastBuild, summary.GetProperty("lastRebuildAt").GetDateTimeOffset());
        var weekly = detail.GetProperty("weekly").EnumerateArray().Select(w => w.GetProperty("rebuilds").GetInt32()).ToList();
        Assert.Equal(29, weekly.Sum());
        Assert.True(weekly.Count(w => w == 7) >= 3, string.Join(", ", weekly));
        Assert.Equal(29, detail.GetProperty("monthly").EnumerateArray().Sum(m => m.GetProperty("rebuilds").GetInt32()));

        // The fleet reading counts them: the tag list and the metrics.
        var item = Assert.Single((await vendor.Host.GetJsonAsync("/api/tags")).GetProperty("items").EnumerateArray());
        Assert.Equal((29, Day, "fresh"), (item.GetProperty("rebuildEvents").GetInt32(), item.GetProperty("medianIntervalSeconds").GetDouble(), item.GetProperty("status").GetString()));
        var scrape = await vendor.Host.ScrapeAsync();
        Assert.Equal(Day, scrape.Value("monitor_tag_rebuild_interval_median_seconds", ("repository", "chainguard/static")));

        // One history request for 30 entries, with the registry's token.
        var historyRequests = vendor.Stub.Requests.Where(r => r.Path.Contains("/_chainguard/history/", StringComparison.Ordinal)).ToList();
        Assert.Equal(1, historyRequests.Count(r => r.Authorization?.StartsWith("Bearer ", StringComparison.Ordinal) == true));

        var (status, body) = await vendor.BackfillAsync(tag);

        Assert.Equal(200, status);
        Assert.Equal(("imported", "chainguard", 30, 0), (body.GetProperty("outcome").GetString(), body.GetProperty("source").GetString(),
            body.GetProperty("entries").GetInt32(), body.GetProperty("added").GetInt32()));
        Assert.Equal((30L, 1L), (await vendor.RevisionsAsync("backfill"), await vendor.RevisionsAsync("poll")));
        var again = await vendor.DetailAsync(tag);
        Assert.Equal(summary.GetRawText(), again.GetProperty("summary").GetRawText());
        Assert.Equal(detail.GetProperty("events").GetRawText(), again.GetProperty("events").GetRawText());
        Assert.Equal(29L, await vendor.CountAsync("SELECT event_count FROM monitor.tag_cadence"));
    }
}
