using Monitor.Core.References;
using Monitor.Registry.Client;
using Monitor.Registry.Observability;
using Monitor.Registry.Tests.Support;
using Monitor.Testing.Registry.Vendors;

namespace Monitor.Registry.Tests.Vendors;

/// <summary>Quay's tag history (<c>specificTag</c>, <c>onlyActiveTags=false</c>) for quay.io, its API pointed at a stub.</summary>
public sealed class QuayTagHistoryTests
{
    private const string Repository = "coreos/etcd";
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(-300).ToUnixTimeSeconds());
    private static readonly TagReference Tag = new("quay.io", Repository, "rolling");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task History_is_every_assignment_oldest_first_with_repeats_folded_over_pages_of_a_hundred()
    {
        var api = new QuayTagApi();
        var digests = Enumerable.Range(0, 125).Select(_ => Responses.RandomDigest()).ToList();
        for (var i = 0; i < 250; i++)
        {
            // Each digest twice in a row (re-pushed unchanged): 250 assignments, 125 distinct steps.
            api.Push(Repository, "rolling", digests[i / 2], Start.AddDays(i));
        }

        api.Push(Repository, "other", Responses.RandomDigest(), Start);
        await using var stub = await VendorStub.StartAsync(api);
        await using var host = Host(stub);

        var history = Assert.IsType<TagHistoryResult.Found>(await host.Client.GetTagHistoryAsync(Tag, Cancel));

        Assert.Equal("quay", history.Source);
        Assert.Equal(digests, history.Entries.Select(e => e.Digest));
        Assert.Equal(Enumerable.Range(0, 125).Select(i => Start.AddDays(i * 2)), history.Entries.Select(e => e.Since));
        Assert.Equal(
            ["?onlyActiveTags=false&limit=100&page=1&specificTag=rolling", "?onlyActiveTags=false&limit=100&page=2&specificTag=rolling", "?onlyActiveTags=false&limit=100&page=3&specificTag=rolling"],
            stub.Requests.Select(r => r.Query));
    }

    [Fact]
    public async Task Assignments_without_a_start_time_are_left_out()
    {
        var api = new QuayTagApi();
        var (old, current) = (Responses.RandomDigest(), Responses.RandomDigest());
        api.Repositories[Repository] = [new("rolling", old.Value, true, null, Start.ToUnixTimeSeconds()), new("rolling", current.Value, true, Start.ToUnixTimeSeconds(), null)];
        await using var stub = await VendorStub.StartAsync(api);
        await using var host = Host(stub);

        var history = Assert.IsType<TagHistoryResult.Found>(await host.Client.GetTagHistoryAsync(Tag, Cancel));

        Assert.Equal([new TagHistoryEntry(current, Start)], history.Entries);
    }

    [Fact]
    public async Task A_deleted_tag_and_an_unknown_repository_are_not_found()
    {
        var api = new QuayTagApi();
        api.Repositories[Repository] = [new("rolling", Responses.RandomDigest().Value, true, Start.ToUnixTimeSeconds(), Start.AddDays(1).ToUnixTimeSeconds())];
        await using var stub = await VendorStub.StartAsync(api);
        await using var host = Host(stub);

        Assert.IsType<TagHistoryResult.NotFound>(await host.Client.GetTagHistoryAsync(Tag, Cancel));
        Assert.IsType<TagHistoryResult.NotFound>(await host.Client.GetTagHistoryAsync(new TagReference("quay.io", "nobody/nothing", "x"), Cancel));
        Assert.IsType<TagHistoryResult.NotFound>(await host.Client.GetTagHistoryAsync(new TagReference("quay.io", Repository, "never-pushed"), Cancel));
    }

    public static TheoryData<string, RegistryRequestOutcome, string> Hostile => new()
    {
        { "bad digest", RegistryRequestOutcome.InvalidResponse, "manifest_digest is not sha256" },
        { "future", RegistryRequestOutcome.InvalidResponse, "impossible time" },
        { "epoch", RegistryRequestOutcome.InvalidResponse, "impossible time" },
        { "garbage", RegistryRequestOutcome.InvalidResponse, "not valid JSON" },
        { "endless", RegistryRequestOutcome.InvalidResponse, "does not end" },
        { "503", RegistryRequestOutcome.ServerError, "503" },
        { "429", RegistryRequestOutcome.RateLimited, "429" },
        { "newest ended", RegistryRequestOutcome.InvalidResponse, "newest assignment has ended" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_hostile_or_failing_history_is_a_failure_never_a_partial_history(string what, RegistryRequestOutcome outcome, string reason)
    {
        var api = new QuayTagApi();
        api.Push(Repository, "rolling", Responses.RandomDigest(), Start);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        switch (what)
        {
            case "bad digest":
                api.Repositories[Repository].Add(new("rolling", "sha256:NOT-HEX", true, now - 60, null));
                break;
            case "future":
                api.Push(Repository, "rolling", Responses.RandomDigest(), DateTimeOffset.UtcNow.AddDays(3));
                break;
            case "epoch":
                api.Repositories[Repository].Add(new("rolling", Responses.RandomDigest().Value, true, 1, 2));
                break;
            case "garbage":
                api.Body = "<html>502 Bad Gateway</html>";
                break;
            case "endless":
                api.Endless = true;
                break;
            case "newest ended":
                api.Repositories[Repository].Add(new("rolling", Responses.RandomDigest().Value, true, now - 60, now - 30));
                break;
        }

        await using var stub = await VendorStub.StartAsync(api);
        stub.Fault = what switch
        {
            "503" => new VendorFault(503),
            "429" => new VendorFault(429, RetryAfter: "3600"),
            _ => null,
        };
        await using var host = Host(stub, ("Registries:MaxHistoryPages", "3"));

        var failure = Assert.IsType<TagHistoryResult.Failed>(await host.Client.GetTagHistoryAsync(Tag, Cancel)).Failure;

        Assert.Equal(outcome, failure.Kind);
        Assert.Contains(reason, failure.Reason, StringComparison.Ordinal);
        // One request each; the endless history stops at MaxHistoryPages; a 503 is retried (MaxRetries = 3).
        Assert.Equal(what switch { "endless" => 3, "503" => 4, _ => 1 }, stub.Requests.Count);
    }

    [Fact]
    public async Task Registries_without_a_history_api_are_not_supported_and_get_no_request()
    {
        await using var host = new RegistryTestHost(primaryHandler: new StubHandler(_ => throw new InvalidOperationException("no request expected")));

        foreach (var tag in new[] { new TagReference("docker.io", "library/python", "3"), new TagReference("ghcr.io", "o/p", "1"), new TagReference("gcr.io", "distroless/static", "nonroot"), new TagReference("mcr.microsoft.com", "dotnet/runtime", "9.0"), new TagReference("registry.example.com", "a/b", "c") })
        {
            Assert.IsType<TagHistoryResult.NotSupported>(await host.Client.GetTagHistoryAsync(tag, Cancel));
        }

        Assert.Empty(host.Observer.Requests);
    }

    private static RegistryTestHost Host(VendorStub stub, params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Registries:Hosts:quay.io:ApiBaseUrl"] = stub.BaseUri.ToString(),
            ["Registries:RetryBaseDelay"] = "00:00:00.001",
            ["Registries:MaxRetryAfterWait"] = "00:00:00",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return new RegistryTestHost(settings);
    }
}
