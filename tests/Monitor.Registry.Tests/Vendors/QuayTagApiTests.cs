using Monitor.Core.References;
using Monitor.Registry.Client;
using Monitor.Registry.Configuration;
using Monitor.Registry.Manifests;
using Monitor.Registry.Observability;
using Monitor.Registry.Tests.Support;
using Monitor.Testing.Registry;
using Monitor.Testing.Registry.Vendors;

namespace Monitor.Registry.Tests.Vendors;

/// <summary>Quay's tag API as batch listing: a stub of the API beside a real registry playing quay.io.</summary>
public sealed class QuayTagApiTests(RegistryServerFixture registry) : IClassFixture<RegistryServerFixture>
{
    private static readonly DateTimeOffset LongAgo = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(-400).ToUnixTimeSeconds());

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private RegistryServer Server => registry.Server;

    [Fact]
    public async Task Watched_tags_come_from_pages_of_a_hundred_active_tags_with_push_times()
    {
        var (repository, image, api) = await RepositoryWithTagsAsync(150);
        // t005 pointed elsewhere before: the ended assignment must not count.
        api.Push(repository, "t005", Responses.RandomDigest(), LongAgo.AddHours(-1));
        api.Push(repository, "t005", image.Digest, LongAgo.AddHours(5), isManifestList: false);
        await using var stub = await VendorStub.StartAsync(api);
        await using var host = new RegistryTestHost(VendorSettings.For(Server.Registry, RegistryKind.Quay, stub.BaseUri));
        var watched = Enumerable.Range(0, 30).Select(i => Reference(repository, $"t{i * 5:000}")).ToList();

        var results = await host.Client.ResolveManyAsync(watched, Cancel);

        foreach (var reference in watched)
        {
            var found = Assert.IsType<ResolveResult.Found>(results[reference]);
            var i = int.Parse(reference.Tag![1..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal((image.Digest, LongAgo.AddHours(i)), (found.Digest, found.PushedAt));
            Assert.Equal(i == 5 ? ManifestMediaTypes.OciManifest : ManifestMediaTypes.OciIndex, found.MediaType);
            Assert.NotNull(found.Timing);
        }

        Assert.Equal(
            ["?onlyActiveTags=true&limit=100&page=1", "?onlyActiveTags=true&limit=100&page=2"],
            stub.Requests.Select(r => r.Query));
        Assert.Equal(0, host.Observer.Requests.Count(r => r.Method == "HEAD"));
    }

    [Fact]
    public async Task Paging_stops_once_every_watched_tag_is_found()
    {
        var (repository, _, api) = await RepositoryWithTagsAsync(250);
        await using var stub = await VendorStub.StartAsync(api);
        await using var host = new RegistryTestHost(VendorSettings.For(Server.Registry, RegistryKind.Quay, stub.BaseUri));
        // The most recently pushed tags come first.
        var watched = new[] { "t249", "t200", "t150" }.Select(tag => Reference(repository, tag)).ToList();

        var results = await host.Client.ResolveManyAsync(watched, Cancel);

        Assert.All(watched, r => Assert.NotNull(Assert.IsType<ResolveResult.Found>(results[r]).PushedAt));
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task Tags_beyond_the_page_limit_or_listed_twice_or_with_bad_digests_fall_back_to_head()
    {
        var (repository, image, api) = await RepositoryWithTagsAsync(150);
        api.Repositories[repository].Add(new QuayAssignment("t140", Responses.RandomDigest().Value, true, LongAgo.AddHours(141).ToUnixTimeSeconds(), null));
        api.Repositories[repository].Add(new QuayAssignment("t130", "sha256:NOT-A-DIGEST", true, LongAgo.AddHours(200).ToUnixTimeSeconds(), null));
        await using var stub = await VendorStub.StartAsync(api);
        await using var host = new RegistryTestHost(VendorSettings.For(Server.Registry, RegistryKind.Quay, stub.BaseUri).With("Registries:Quay:MaxPages", "1"));
        var watched = new[] { "t149", "t140", "t130", "t010" }.Select(tag => Reference(repository, tag)).ToList();

        var results = await host.Client.ResolveManyAsync(watched, Cancel);

        Assert.All(watched, r => Assert.Equal(image.Digest, Assert.IsType<ResolveResult.Found>(results[r]).Digest));
        Assert.NotNull(((ResolveResult.Found)results[watched[0]]).PushedAt);
        Assert.All(watched.Skip(1), r => Assert.Null(((ResolveResult.Found)results[r]).PushedAt));
        Assert.Single(stub.Requests);
        Assert.Equal(3, host.Observer.Requests.Count(r => r.Method == "HEAD"));
    }

    public static TheoryData<VendorFault?, string?, RegistryRequestOutcome> Failures => new()
    {
        { new VendorFault(503), null, RegistryRequestOutcome.ServerError },
        { new VendorFault(429, RetryAfter: "3600"), null, RegistryRequestOutcome.RateLimited },
        { new VendorFault(401), null, RegistryRequestOutcome.Unauthorized },
        { null, "<html>maintenance</html>", RegistryRequestOutcome.InvalidResponse },
        { null, """{"tags": {"t000": "sha256:x"}}""", RegistryRequestOutcome.InvalidResponse },
        { null, "[]", RegistryRequestOutcome.InvalidResponse },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_failing_or_hostile_tag_api_falls_back_to_head(VendorFault? fault, string? body, RegistryRequestOutcome outcome)
    {
        var (repository, image, api) = await RepositoryWithTagsAsync(3);
        api.Body = body;
        await using var stub = await VendorStub.StartAsync(api);
        stub.Fault = fault;
        await using var host = new RegistryTestHost(VendorSettings.For(Server.Registry, RegistryKind.Quay, stub.BaseUri));
        var watched = new[] { "t000", "t001", "t002", "gone" }.Select(tag => Reference(repository, tag)).ToList();

        var results = await host.Client.ResolveManyAsync(watched, Cancel);

        Assert.All(watched.Take(3), r => Assert.Equal(image.Digest, Assert.IsType<ResolveResult.Found>(results[r]).Digest));
        Assert.IsType<ResolveResult.NotFound>(results[watched[3]]);
        Assert.Equal(4, host.Observer.Requests.Count(r => r.Method == "HEAD"));
        Assert.Contains(host.Observer.Requests, r => r.Method == "GET" && r.Outcome == outcome);
    }

    /// <summary>A real repository with tags t000… on one image, and Quay's record of them: t{i} pushed at <see cref="LongAgo"/> + i hours.</summary>
    private async Task<(string Repository, PushedImage Image, QuayTagApi Api)> RepositoryWithTagsAsync(int tags)
    {
        var repository = $"quayns/{Guid.NewGuid():N}";
        var image = await Server.Pusher.PushImageAsync(repository, "t000", cancellationToken: Cancel);
        var api = new QuayTagApi();
        for (var i = 0; i < tags; i++)
        {
            if (i > 0)
            {
                await Server.Pusher.TagAsync(image, $"t{i:000}", Cancel);
            }

            api.Push(repository, $"t{i:000}", image.Digest, LongAgo.AddHours(i));
        }

        return (repository, image, api);
    }

    private ImageReference Reference(string repository, string tag) => Server.Reference($"{repository}:{tag}");
}
