using Microsoft.Extensions.Logging;
using Monitor.Core.References;
using Monitor.Registry.Configuration;
using Monitor.Testing.Postgres;
using Monitor.Testing.Registry;
using Monitor.Testing.Registry.Vendors;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Backfill;

/// <summary>
/// What goes wrong with a history, and what the back-fill makes of it: nothing is half-imported, the reason is named,
/// the poll is never affected, and the API answers what it did.
/// </summary>
[Collection(OneHostAtATime.Name)]
public sealed class BackfillFailureTests(PostgresServer postgres, TokenAuthRegistryServerFixture registry) : IClassFixture<TokenAuthRegistryServerFixture>
{
    private const string Repository = "chainguard/python";

    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_429_on_the_second_page_stores_nothing_and_once_the_pause_is_over_the_whole_history_is_imported()
    {
        // 1,500 entries: two answers of the API (at most 1,000 each).
        var (api, _) = await HistoryAsync(1500);
        var (vendor, tag) = await WatchAsync(api);
        await using var _ = vendor;
        // Answered: the first try without a token (the challenge) and page 1; refused: page 2.
        vendor.Stub.Fault = new VendorFault(429, Times: 1, RetryAfter: "120", After: 2);

        var (limited, problem) = await vendor.BackfillAsync(tag);
        var (paused, _) = await vendor.BackfillAsync(tag);
        vendor.Host.Time.Advance(TimeSpan.FromSeconds(121));
        var (status, body) = await vendor.BackfillAsync(tag);

        Assert.Equal(502, limited);
        Assert.Contains("rate_limited", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("nothing was stored", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(502, paused);
        Assert.Equal(200, status);
        Assert.Equal((1500, 1500), (body.GetProperty("entries").GetInt32(), body.GetProperty("added").GetInt32()));
        Assert.Equal(1500L, await vendor.RevisionsAsync("backfill"));

        // Page 1, the refused page 2, then pages 1 and 2 again; the paused attempt sent nothing.
        var pages = vendor.Stub.Requests.Where(r => r.Path.Contains("/_chainguard/history/", StringComparison.Ordinal) && r.Authorization is not null).ToList();
        Assert.Equal([false, true, false, true], pages.Select(r => r.Query.StartsWith("?start=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_server_error_stores_nothing_and_names_the_status()
    {
        var (api, _) = await HistoryAsync(5);
        var (vendor, tag) = await WatchAsync(api);
        await using var _ = vendor;
        vendor.Stub.Fault = new VendorFault(503);

        var (status, problem) = await vendor.BackfillAsync(tag);

        Assert.Equal(502, status);
        Assert.Equal("Registry history unavailable", problem.GetProperty("title").GetString());
        Assert.Contains("503", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0L, await vendor.RevisionsAsync("backfill"));
        Assert.Equal(0L, await vendor.CountAsync("SELECT count(*) FROM monitor.watched_tag WHERE backfilled_at IS NOT NULL"));
    }

    public static TheoryData<string, string> Hostile => new()
    {
        { "<html>maintenance</html>", "not valid JSON" },
        { """{"history": [{"updateTimestamp": "1970-01-01T00:00:00Z", "digest": "DIGEST"}]}""", "impossible updateTimestamp" },
        { """{"history": [{"updateTimestamp": "0001-01-01T00:00:00Z", "digest": "DIGEST"}]}""", "impossible updateTimestamp" },
        { """{"history": [{"updateTimestamp": "2099-01-01T00:00:00Z", "digest": "DIGEST"}]}""", "impossible updateTimestamp" },
        { """{"history": [{"updateTimestamp": "2025-01-01T00:00:00Z", "digest": "DIGEST"}, {"updateTimestamp": "2025-02-01T00:00:00Z", "digest": "md5:0123"}]}""", "not sha256" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_hostile_history_is_refused_with_its_reason_and_nothing_of_it_is_stored(string body, string reason)
    {
        var (api, digest) = await HistoryAsync(3);
        api.Body = body.Replace("DIGEST", digest.Value, StringComparison.Ordinal);
        var (vendor, tag) = await WatchAsync(api);
        await using var _ = vendor;

        var (status, problem) = await vendor.BackfillAsync(tag);

        Assert.Equal(502, status);
        Assert.Contains("invalid_response", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0L, await vendor.RevisionsAsync("backfill"));
    }

    [Fact]
    public async Task A_refused_token_is_a_failure_named_unauthorized()
    {
        var (api, _) = await HistoryAsync(3);
        var (vendor, tag) = await WatchAsync(api);
        await using var _ = vendor;
        registry.Server.Issuer!.GrantNothing = true;
        try
        {
            var (status, problem) = await vendor.BackfillAsync(tag);

            Assert.Equal(502, status);
            Assert.Contains("unauthorized", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(0L, await vendor.RevisionsAsync("backfill"));
        }
        finally
        {
            registry.Server.Issuer.GrantNothing = false;
        }
    }

    [Fact]
    public async Task A_registry_without_history_is_a_clear_answer_not_an_error()
    {
        await registry.Server.Pusher.PushImageAsync("plain/app", "1", cancellationToken: Cancel);
        var (api, _) = await HistoryAsync(1);
        await using var vendor = await VendorHost.StartAsync(postgres, registry.Server, api, RegistryKind.Chainguard, Now);
        var tag = new TagReference(registry.Server.Registry, "plain/app", "1");
        await vendor.WatchAsync(tag);

        var (status, body) = await vendor.BackfillAsync(tag);

        Assert.Equal(200, status);
        Assert.Equal(("not-supported", 0), (body.GetProperty("outcome").GetString(), body.GetProperty("added").GetInt32()));
        Assert.Equal($"nothing to back-fill: {registry.Server.Registry} keeps no tag history Monitor can read (Chainguard and Quay do)", body.GetProperty("detail").GetString());
        Assert.Equal(1L, await vendor.CountAsync("SELECT count(*) FROM monitor.watched_tag WHERE backfilled_at IS NOT NULL"));
    }

    [Theory]
    [InlineData("not-watched/app:1", VendorHost.ApiKey, 404, "is not watched")]
    [InlineData("Bad Reference:1", VendorHost.ApiKey, 400, "")]
    [InlineData("chainguard/python:latest", null, 401, "X-Api-Key")]
    [InlineData("chainguard/python:latest", "wrong-key-0123456789", 401, "X-Api-Key")]
    public async Task The_endpoint_answers_bad_requests_with_problem_documents(string reference, string? apiKey, int expected, string detail)
    {
        var (api, _) = await HistoryAsync(1);
        await using var vendor = await VendorHost.StartAsync(postgres, registry.Server, api, RegistryKind.Chainguard, Now);
        await vendor.WatchAsync(vendor.Tag($"{Repository}:latest"));
        var target = reference.StartsWith("Bad", StringComparison.Ordinal) ? reference : $"{vendor.Stub.Authority}/{reference}";

        var response = await vendor.Host.SendContentAsync(HttpMethod.Post, $"/api/tags/{target}/backfill", content: null, apiKey);

        Assert.Equal(expected, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Contains(detail, response.Detail, StringComparison.Ordinal);
        Assert.Equal(0L, await vendor.RevisionsAsync("backfill"));
        Assert.DoesNotContain(vendor.Stub.Requests, r => r.Path.Contains("/_chainguard/history/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_automatic_backfill_is_one_warning_with_its_cause_leaves_the_poll_alone_and_is_retried_later()
    {
        var (api, _) = await HistoryAsync(10);
        var (vendor, tag) = await WatchAsync(api);
        await using var _ = vendor;
        vendor.Stub.Fault = new VendorFault(503);

        var poll = await vendor.PollAsync();
        await vendor.WaitForAutomaticBackfillAsync();

        Assert.Equal((1, 1, 0), (poll.Changes, poll.Baselines, poll.Failed));
        Assert.Equal(1L, await vendor.CountAsync("SELECT count(*) FROM monitor.watched_tag WHERE status = 'ok' AND last_error IS NULL AND consecutive_failures = 0"));
        var warning = Assert.Single(vendor.Problems);
        Assert.Equal("Monitor.Worker.Backfill.BackfillService", warning.Category);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Null(warning.Exception);
        Assert.StartsWith($"{vendor.Stub.Authority}: back-fill of {Repository}:latest failed, tried again in 01:00:00: ", warning.Message, StringComparison.Ordinal);
        Assert.Contains("503", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", warning.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await vendor.RevisionsAsync("backfill"));

        // Within the retry interval the next cycle leaves it; after it, the next cycle's back-fill imports the history.
        vendor.Stub.Fault = null;
        vendor.Host.Time.Advance(TimeSpan.FromMinutes(30));
        await vendor.PollAsync();
        await Task.Delay(500, Cancel);
        Assert.Equal(0L, await vendor.RevisionsAsync("backfill"));
        vendor.Host.Time.Advance(TimeSpan.FromMinutes(31));
        await vendor.PollAsync();
        await vendor.WaitForAutomaticBackfillAsync(runs: 2);

        Assert.Equal(10L, await vendor.RevisionsAsync("backfill"));
        Assert.Single(vendor.Problems);
    }

    /// <summary>A host whose Chainguard is <paramref name="api"/>, watching <see cref="Repository"/>:latest there.</summary>
    private async Task<(VendorHost Vendor, TagReference Tag)> WatchAsync(ChainguardHistoryApi api)
    {
        var vendor = await VendorHost.StartAsync(postgres, registry.Server, api, RegistryKind.Chainguard, Now);
        var tag = vendor.Tag($"{Repository}:latest");
        await vendor.WatchAsync(tag);
        return (vendor, tag);
    }

    /// <summary>
    /// <see cref="Repository"/>:latest pushed to the registry and a daily history of <paramref name="entries"/> ending in
    /// its digest (returned).
    /// </summary>
    private async Task<(ChainguardHistoryApi Api, Sha256Digest Digest)> HistoryAsync(int entries)
    {
        var image = await registry.Server.Pusher.PushImageAsync(Repository, "latest", cancellationToken: Cancel);
        var api = new ChainguardHistoryApi();
        var start = Now.AddHours(-6).AddDays(1 - entries);
        for (var i = 0; i < entries; i++)
        {
            api.Add(Repository, "latest", start.AddDays(i), i == entries - 1 ? image.Digest : Sha256Digest.Compute(BitConverter.GetBytes(i + (entries * 100_000))));
        }

        return (api, image.Digest);
    }
}
