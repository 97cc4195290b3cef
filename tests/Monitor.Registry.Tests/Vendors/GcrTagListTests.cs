using Monitor.Core.References;
using Monitor.Registry.Client;
using Monitor.Registry.Configuration;
using Monitor.Registry.Manifests;
using Monitor.Registry.Observability;
using Monitor.Registry.Tests.Support;
using Monitor.Testing.Registry;
using Monitor.Testing.Registry.Vendors;

namespace Monitor.Registry.Tests.Vendors;

/// <summary>GCR / Artifact Registry: a stub serving <c>tags/list</c> with the <c>manifest</c> map in front of a real registry.</summary>
public sealed class GcrTagListTests(RegistryServerFixture registry) : IClassFixture<RegistryServerFixture>
{
    private static readonly DateTimeOffset LongAgo = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddDays(-400).ToUnixTimeMilliseconds());

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private OciImagePusher Pusher => registry.Server.Pusher;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Watched_tags_come_from_one_tag_list_with_digests_media_types_and_upload_times(bool numbersAsStrings)
    {
        var repository = NewRepository();
        var index = await Pusher.PushIndexAsync(repository, "1", [PlatformSpec.LinuxAmd64, PlatformSpec.LinuxArm64], cancellationToken: Cancel);
        var image = await Pusher.PushImageAsync(repository, "2", cancellationToken: Cancel);
        await Pusher.TagAsync(image, "2-slim", Cancel);
        var api = new GcrTagListApi { NumbersAsStrings = numbersAsStrings };
        api.Push(repository, index.Digest, LongAgo, ManifestMediaTypes.OciIndex, "1");
        api.Push(repository, image.Digest, LongAgo.AddDays(7), ManifestMediaTypes.OciManifest, "2", "2-slim");
        // An untagged child manifest, as GCR lists every stored manifest.
        api.Repositories[repository].Add(new GcrManifest(index.Children[0].Digest, [], LongAgo, LongAgo, ManifestMediaTypes.OciManifest));
        await using var stub = await VendorStub.StartAsync(api, registry.Server.BaseUri);
        await using var host = new RegistryTestHost(VendorSettings.For(stub.Authority, RegistryKind.Gcr));
        var references = new[] { "1", "2", "2-slim" }.Select(tag => ImageReference.Parse($"{stub.Authority}/{repository}:{tag}")).ToList();

        var results = await host.Client.ResolveManyAsync(references, Cancel);

        var first = Assert.IsType<ResolveResult.Found>(results[references[0]]);
        Assert.Equal((index.Digest, ManifestMediaTypes.OciIndex, LongAgo), (first.Digest, first.MediaType, first.PushedAt));
        foreach (var slim in references.Skip(1))
        {
            var found = Assert.IsType<ResolveResult.Found>(results[slim]);
            Assert.Equal((image.Digest, ManifestMediaTypes.OciManifest, LongAgo.AddDays(7)), (found.Digest, found.MediaType, found.PushedAt));
        }

        var request = Assert.Single(stub.Requests);
        Assert.Equal(("GET", $"/v2/{repository}/tags/list", ""), (request.Method, request.Path, request.Query));
        Assert.All(results.Values, r => Assert.NotNull(((ResolveResult.Found)r).Timing));
        Assert.Equal(RegistryRequestOutcome.Ok, Assert.Single(host.Observer.Requests).Outcome);
    }

    [Fact]
    public async Task Tags_the_list_does_not_vouch_for_fall_back_to_head()
    {
        var repository = NewRepository();
        var image = await Pusher.PushImageAsync(repository, "good", cancellationToken: Cancel);
        foreach (var tag in new[] { "unlisted", "claimed-twice", "odd-type" })
        {
            await Pusher.TagAsync(image, tag, Cancel);
        }

        var api = new GcrTagListApi();
        api.Push(repository, image.Digest, LongAgo, ManifestMediaTypes.OciManifest, "good", "claimed-twice");
        api.Push(repository, Responses.RandomDigest(), LongAgo, "application/vnd.example.artifact+json", "odd-type");
        api.Repositories[repository].Add(new GcrManifest(Responses.RandomDigest(), ["claimed-twice"], LongAgo, LongAgo, ManifestMediaTypes.OciManifest));
        await using var stub = await VendorStub.StartAsync(api, registry.Server.BaseUri);
        await using var host = new RegistryTestHost(VendorSettings.For(stub.Authority, RegistryKind.Gcr));
        var references = new[] { "good", "unlisted", "claimed-twice", "odd-type" }.Select(tag => ImageReference.Parse($"{stub.Authority}/{repository}:{tag}")).ToList();

        var results = await host.Client.ResolveManyAsync(references, Cancel);

        Assert.All(references, r => Assert.Equal(image.Digest, Assert.IsType<ResolveResult.Found>(results[r]).Digest));
        Assert.Equal(LongAgo, ((ResolveResult.Found)results[references[0]]).PushedAt);
        Assert.All(references.Skip(1), r => Assert.Null(((ResolveResult.Found)results[r]).PushedAt));
        Assert.Equal(
            ["claimed-twice", "odd-type", "unlisted"],
            stub.Requests.Where(r => r is { Method: "HEAD", Forwarded: true }).Select(r => r.Path.Split('/')[^1]).Order(StringComparer.Ordinal));
    }

    public static TheoryData<string, VendorFault?, string?, RegistryRequestOutcome> Failures => new()
    {
        { "503", new VendorFault(503), null, RegistryRequestOutcome.ServerError },
        { "429", new VendorFault(429, RetryAfter: "0"), null, RegistryRequestOutcome.RateLimited },
        { "404", new VendorFault(404), null, RegistryRequestOutcome.NotFound },
        { "403", new VendorFault(403), null, RegistryRequestOutcome.Unauthorized },
        { "html", null, "<html>captive portal</html>", RegistryRequestOutcome.InvalidResponse },
        { "null", null, "null", RegistryRequestOutcome.InvalidResponse },
        { "wrong shape", null, """{"manifest": ["sha256:abc"]}""", RegistryRequestOutcome.InvalidResponse },
        { "huge", null, "{\"manifest\": {}, \"pad\": \"" + new string('x', 20_000) + "\"}", RegistryRequestOutcome.InvalidResponse },
        { "paged", null, null, RegistryRequestOutcome.Ok },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_failing_or_hostile_tag_list_falls_back_to_head_for_every_tag(string what, VendorFault? fault, string? body, RegistryRequestOutcome outcome)
    {
        var repository = NewRepository();
        var image = await Pusher.PushImageAsync(repository, "a", cancellationToken: Cancel);
        await Pusher.TagAsync(image, "b", Cancel);
        var api = new GcrTagListApi { Body = body, AddNextLink = what == "paged" };
        // What the list would say if it were believed: a digest other than the registry's.
        api.Push(repository, Responses.RandomDigest(), LongAgo, ManifestMediaTypes.OciManifest, "a", "b");
        await using var stub = await VendorStub.StartAsync(api, registry.Server.BaseUri);
        stub.Fault = fault;
        await using var host = new RegistryTestHost(VendorSettings.For(stub.Authority, RegistryKind.Gcr).With("Registries:MaxTagPageBytes", "16384"));
        var references = new[] { "a", "b" }.Select(tag => ImageReference.Parse($"{stub.Authority}/{repository}:{tag}")).ToList();

        var results = await host.Client.ResolveManyAsync(references, Cancel);

        Assert.All(references, r => Assert.Equal(image.Digest, Assert.IsType<ResolveResult.Found>(results[r]).Digest));
        Assert.All(references, r => Assert.Null(((ResolveResult.Found)results[r]).PushedAt));
        Assert.Equal(2, stub.Count(r => r is { Method: "HEAD", Forwarded: true }));
        Assert.Contains(host.Observer.Requests, r => r is { Method: "GET" } && r.Outcome == outcome);
    }

    [Fact]
    public async Task The_tag_list_answers_the_token_challenge_like_the_registry_behind_it()
    {
        await using var server = await RegistryServer.StartAsync(new RegistryServerOptions { Auth = RegistryAuthMode.Token }, Cancel);
        var repository = NewRepository();
        var image = await server.Pusher.PushImageAsync(repository, "1", cancellationToken: Cancel);
        var api = new GcrTagListApi();
        api.Push(repository, image.Digest, LongAgo, ManifestMediaTypes.OciManifest, "1");
        await using var stub = await VendorStub.StartAsync(api, server.BaseUri);
        await using var host = new RegistryTestHost(VendorSettings.For(stub.Authority, RegistryKind.Gcr));
        var reference = ImageReference.Parse($"{stub.Authority}/{repository}:1");

        var results = await host.Client.ResolveManyAsync([reference], Cancel);

        var found = Assert.IsType<ResolveResult.Found>(results[reference]);
        Assert.Equal((image.Digest, LongAgo), (found.Digest, found.PushedAt));
        Assert.Equal([null, "Bearer"], stub.Requests.Select(r => r.Authorization?.Split(' ')[0]));
        Assert.Equal([$"repository:{repository}:pull"], server.Issuer!.Requests.SelectMany(r => r.Scopes));
    }

    private static string NewRepository() => $"gcr-project/{Guid.NewGuid():N}";
}
