using Monitor.Core.References;
using Monitor.Registry.Client;
using Monitor.Registry.Configuration;
using Monitor.Registry.Observability;
using Monitor.Registry.Tests.Support;
using Monitor.Testing.Registry;
using Monitor.Testing.Registry.Vendors;

namespace Monitor.Registry.Tests.Vendors;

/// <summary>Chainguard's tag history API: a stub serving it on the registry host, in front of a real registry.</summary>
public sealed class ChainguardTagHistoryTests(RegistryServerFixture registry) : IClassFixture<RegistryServerFixture>
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddDays(-800).ToUnixTimeMilliseconds());

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task History_is_read_with_the_registry_token_oldest_first_with_repeats_folded()
    {
        await using var server = await RegistryServer.StartAsync(new RegistryServerOptions { Auth = RegistryAuthMode.Token }, Cancel);
        await server.Pusher.PushImageAsync("chainguard/static", "latest", cancellationToken: Cancel);
        var api = new ChainguardHistoryApi();
        var (a, b, c) = (Responses.RandomDigest(), Responses.RandomDigest(), Responses.RandomDigest());
        // Out of order, and b twice in a row (a rebuild that changed nothing): the answer is sorted, b is one step.
        api.Add("chainguard/static", "latest", Start.AddDays(2), b);
        api.Add("chainguard/static", "latest", Start, a);
        api.Add("chainguard/static", "latest", Start.AddDays(3), b);
        api.Add("chainguard/static", "latest", Start.AddDays(4), c);
        await using var stub = await VendorStub.StartAsync(api, server.BaseUri);
        await using var host = new RegistryTestHost(VendorSettings.For(stub.Authority, RegistryKind.Chainguard));

        var result = await host.Client.GetTagHistoryAsync(new TagReference(stub.Authority, "chainguard/static", "latest"), Cancel);

        var history = Assert.IsType<TagHistoryResult.Found>(result);
        Assert.Equal("chainguard", history.Source);
        Assert.Equal([new TagHistoryEntry(a, Start), new TagHistoryEntry(b, Start.AddDays(2)), new TagHistoryEntry(c, Start.AddDays(4))], history.Entries);
        Assert.Equal([null, "Bearer"], stub.Requests.Select(r => r.Authorization?.Split(' ')[0]));
        var token = Assert.Single(server.Issuer!.Requests);
        Assert.Equal(["repository:chainguard/static:pull"], token.Scopes);
        Assert.False(token.Authenticated);
    }

    [Fact]
    public async Task A_history_longer_than_one_answer_is_read_on_from_the_newest_entry()
    {
        var api = new ChainguardHistoryApi();
        var digests = Enumerable.Range(0, 2500).Select(_ => Responses.RandomDigest()).ToList();
        for (var i = 0; i < digests.Count; i++)
        {
            api.Add("chainguard/python", "latest", Start.AddHours(i * 6), digests[i]);
        }

        await using var stub = await VendorStub.StartAsync(api, registry.Server.BaseUri);
        await using var host = new RegistryTestHost(VendorSettings.For(stub.Authority, RegistryKind.Chainguard));

        var history = Assert.IsType<TagHistoryResult.Found>(await host.Client.GetTagHistoryAsync(new TagReference(stub.Authority, "chainguard/python", "latest"), Cancel));

        Assert.Equal(digests, history.Entries.Select(e => e.Digest));
        Assert.Equal(Start.AddHours(2499 * 6), history.Entries[^1].Since);
        Assert.Equal(
            ["", $"?start={Uri.EscapeDataString(Iso(Start.AddHours(999 * 6)))}", $"?start={Uri.EscapeDataString(Iso(Start.AddHours(1998 * 6)))}"],
            stub.Requests.Select(r => r.Query));
    }

    [Fact]
    public async Task The_first_format_with_capitalised_keys_reads_the_same()
    {
        var api = new ChainguardHistoryApi { Capitalised = true };
        var digest = Responses.RandomDigest();
        api.Add("chainguard/go", "latest", Start, digest);
        await using var stub = await VendorStub.StartAsync(api, registry.Server.BaseUri);
        await using var host = new RegistryTestHost(VendorSettings.For(stub.Authority, RegistryKind.Chainguard));

        var history = Assert.IsType<TagHistoryResult.Found>(await host.Client.GetTagHistoryAsync(new TagReference(stub.Authority, "chainguard/go", "latest"), Cancel));

        Assert.Equal([new TagHistoryEntry(digest, Start)], history.Entries);
    }

    public static TheoryData<string, RegistryRequestOutcome, string> Hostile => new()
    {
        { "garbage", RegistryRequestOutcome.InvalidResponse, "not valid JSON" },
        { "no history", RegistryRequestOutcome.InvalidResponse, "no history array" },
        { "bad digest", RegistryRequestOutcome.InvalidResponse, "digest is not sha256" },
        { "future", RegistryRequestOutcome.InvalidResponse, "impossible updateTimestamp" },
        { "epoch", RegistryRequestOutcome.InvalidResponse, "impossible updateTimestamp" },
        { "unparseable time", RegistryRequestOutcome.InvalidResponse, "impossible updateTimestamp" },
        { "huge", RegistryRequestOutcome.InvalidResponse, "larger than" },
        { "endless", RegistryRequestOutcome.InvalidResponse, "does not end" },
        { "503", RegistryRequestOutcome.ServerError, "503" },
        { "429", RegistryRequestOutcome.RateLimited, "429" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_hostile_or_failing_history_is_a_failure_never_a_partial_history(string what, RegistryRequestOutcome outcome, string reason)
    {
        var api = new ChainguardHistoryApi();
        api.Add("chainguard/static", "latest", Start, Responses.RandomDigest());
        api.Body = what switch
        {
            "garbage" => "<html>oops</html>",
            "no history" => """{"items": []}""",
            "bad digest" => """{"history": [{"updateTimestamp": "2024-01-01T00:00:00Z", "digest": "sha256:SHOUTING"}]}""",
            "future" => $$"""{"history": [{"updateTimestamp": "{{Iso(DateTimeOffset.UtcNow.AddDays(2))}}", "digest": "{{Responses.RandomDigest()}}"}]}""",
            "epoch" => $$"""{"history": [{"updateTimestamp": "1970-01-01T00:00:00Z", "digest": "{{Responses.RandomDigest()}}"}]}""",
            "unparseable time" => $$"""{"history": [{"updateTimestamp": "yesterday", "digest": "{{Responses.RandomDigest()}}"}]}""",
            "huge" => "{\"history\": [], \"pad\": \"" + new string('x', 40_000) + "\"}",
            _ => null,
        };
        if (what == "endless")
        {
            api.IgnoreStart = true;
            for (var i = 1; i < ChainguardHistoryApi.PageLimit; i++)
            {
                api.Add("chainguard/static", "latest", Start.AddHours(i), Responses.RandomDigest());
            }
        }

        await using var stub = await VendorStub.StartAsync(api, registry.Server.BaseUri);
        stub.Fault = what switch
        {
            "503" => new VendorFault(503),
            "429" => new VendorFault(429, RetryAfter: "3600"),
            _ => null,
        };
        await using var host = new RegistryTestHost(VendorSettings.For(stub.Authority, RegistryKind.Chainguard).With("Registries:MaxTagPageBytes", what == "huge" ? "32768" : "8388608"));

        var result = await host.Client.GetTagHistoryAsync(new TagReference(stub.Authority, "chainguard/static", "latest"), Cancel);

        var failure = Assert.IsType<TagHistoryResult.Failed>(result).Failure;
        Assert.Equal(outcome, failure.Kind);
        Assert.True(failure.Reason.Contains(reason, StringComparison.Ordinal), failure.Reason);
    }

    [Fact]
    public async Task An_unknown_tag_is_not_found()
    {
        await using var stub = await VendorStub.StartAsync(new ChainguardHistoryApi(), registry.Server.BaseUri);
        await using var host = new RegistryTestHost(VendorSettings.For(stub.Authority, RegistryKind.Chainguard));

        Assert.IsType<TagHistoryResult.NotFound>(await host.Client.GetTagHistoryAsync(new TagReference(stub.Authority, "chainguard/none", "latest"), Cancel));
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
