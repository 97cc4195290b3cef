using Monitor.Core.References;
using Monitor.Registry.Client;
using Monitor.Registry.Manifests;
using Monitor.Registry.Observability;
using Monitor.Registry.Tests.Support;
using Monitor.Testing.Registry;

namespace Monitor.Registry.Tests.Integration;

/// <summary>The client against a real CNCF distribution registry without authentication.</summary>
public sealed class AnonymousRegistryTests(RegistryServerFixture fixture) : IClassFixture<RegistryServerFixture>, IAsyncDisposable
{
    private readonly RegistryTestHost host = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private RegistryServer Server => fixture.Server;

    private OciImagePusher Pusher => Server.Pusher;

    [Fact]
    public async Task Single_arch_tag_resolves_to_the_digest_skopeo_reports()
    {
        var repository = NewRepository();
        var pushed = await Pusher.PushImageAsync(repository, "1.0", cancellationToken: Cancel);

        var result = await host.Client.ResolveAsync(Server.Reference($"{repository}:1.0"), Cancel);

        var found = Assert.IsType<ResolveResult.Found>(result);
        Assert.Equal(pushed.Digest, found.Digest);
        Assert.Equal(await Skopeo.RawManifestDigestAsync($"{Server.Registry}/{repository}:1.0", cancellationToken: Cancel), found.Digest);
        Assert.Equal(ManifestMediaTypes.OciManifest, found.MediaType);
        Assert.False(found.IsIndex);
    }

    [Theory]
    [InlineData(ManifestFormat.Oci, ManifestMediaTypes.OciIndex)]
    [InlineData(ManifestFormat.Docker, ManifestMediaTypes.DockerManifestList)]
    public async Task Multi_arch_index_resolves_to_the_digest_skopeo_reports(ManifestFormat format, string mediaType)
    {
        var repository = NewRepository();
        var pushed = await Pusher.PushIndexAsync(repository, "latest", [PlatformSpec.LinuxAmd64, PlatformSpec.LinuxArm64], format: format, cancellationToken: Cancel);

        var result = await host.Client.ResolveAsync(Server.Reference(repository), Cancel);

        var found = Assert.IsType<ResolveResult.Found>(result);
        Assert.Equal(pushed.Digest, found.Digest);
        Assert.Equal(await Skopeo.RawManifestDigestAsync($"{Server.Registry}/{repository}:latest", cancellationToken: Cancel), found.Digest);
        Assert.Equal(mediaType, found.MediaType);
        Assert.True(found.IsIndex);
    }

    [Fact]
    public async Task Deleted_tag_resolves_as_not_found()
    {
        var repository = NewRepository();
        await Pusher.PushImageAsync(repository, "doomed", cancellationToken: Cancel);
        await Pusher.DeleteTagAsync(repository, "doomed", Cancel);

        var result = await host.Client.ResolveAsync(Server.Reference($"{repository}:doomed"), Cancel);

        Assert.IsType<ResolveResult.NotFound>(result);
        Assert.Contains(host.Observer.Requests, r => r is { Method: "HEAD", Outcome: RegistryRequestOutcome.NotFound });
    }

    [Fact]
    public async Task Tag_of_an_unknown_repository_resolves_as_not_found()
    {
        var result = await host.Client.ResolveAsync(Server.Reference($"{NewRepository()}:none"), Cancel);

        Assert.IsType<ResolveResult.NotFound>(result);
    }

    [Fact]
    public async Task Repushed_tag_resolves_to_a_new_digest()
    {
        var repository = NewRepository();
        var reference = Server.Reference($"{repository}:rolling");
        var first = await Pusher.PushIndexAsync(repository, "rolling", [PlatformSpec.LinuxAmd64], cancellationToken: Cancel);
        var before = Assert.IsType<ResolveResult.Found>(await host.Client.ResolveAsync(reference, Cancel));

        var second = await Pusher.PushIndexAsync(repository, "rolling", [PlatformSpec.LinuxAmd64], cancellationToken: Cancel);
        var after = Assert.IsType<ResolveResult.Found>(await host.Client.ResolveAsync(reference, Cancel));

        Assert.Equal(first.Digest, before.Digest);
        Assert.Equal(second.Digest, after.Digest);
        Assert.NotEqual(before.Digest, after.Digest);
    }

    [Fact]
    public async Task Digest_reference_resolves_to_that_digest()
    {
        var repository = NewRepository();
        var pushed = await Pusher.PushImageAsync(repository, "x", cancellationToken: Cancel);

        var result = await host.Client.ResolveAsync(Server.Reference($"{repository}@{pushed.Digest}"), Cancel);

        Assert.Equal(pushed.Digest, Assert.IsType<ResolveResult.Found>(result).Digest);
    }

    [Fact]
    public async Task Multi_arch_platforms_list_every_platform_and_exclude_the_attestation()
    {
        var repository = NewRepository();
        var pushed = await Pusher.PushIndexAsync(repository, "1", [PlatformSpec.LinuxAmd64, PlatformSpec.LinuxArm64, PlatformSpec.LinuxArmV7],
            withAttestation: true, cancellationToken: Cancel);

        var result = await host.Client.GetPlatformsAsync(Server.Reference($"{repository}:1"), pushed.Digest, Cancel);

        var found = Assert.IsType<PlatformsResult.Found>(result);
        Assert.True(found.IsIndex);
        Assert.Equal(["linux/amd64", "linux/arm64/v8", "linux/arm/v7"], found.Platforms.Select(p => p.Platform));
        Assert.Equal(pushed.Children.Select(c => c.Digest), found.Platforms.Select(p => p.Digest));
        Assert.DoesNotContain(found.Platforms, p => p.Digest == pushed.Attestation!.Digest);
    }

    [Fact]
    public async Task Single_arch_platform_comes_from_the_config_blob()
    {
        var repository = NewRepository();
        var pushed = await Pusher.PushImageAsync(repository, "arm", PlatformSpec.LinuxArmV7, cancellationToken: Cancel);

        var result = await host.Client.GetPlatformsAsync(Server.Reference($"{repository}:arm"), pushed.Digest, Cancel);

        var found = Assert.IsType<PlatformsResult.Found>(result);
        Assert.False(found.IsIndex);
        var platform = Assert.Single(found.Platforms);
        Assert.Equal(new PlatformDigest("linux", "arm", "v7", pushed.Digest), platform);
    }

    [Fact]
    public async Task Platforms_of_a_deleted_manifest_are_not_found()
    {
        var repository = NewRepository();
        var pushed = await Pusher.PushImageAsync(repository, "gone", cancellationToken: Cancel);
        await Pusher.DeleteManifestAsync(repository, pushed.Digest, Cancel);

        var result = await host.Client.GetPlatformsAsync(Server.Reference($"{repository}:gone"), pushed.Digest, Cancel);

        Assert.IsType<PlatformsResult.NotFound>(result);
    }

    /// <remarks>
    /// distribution 2.8 (Debian's docker-registry, registry:2) ignores <c>n</c> on <c>/tags/list</c> and answers
    /// in one page; paging with <c>n</c> and <c>Link</c> (distribution 3, GHCR, Harbor) is covered by
    /// <c>TagListPaginationTests</c> with hand-written Link headers.
    /// </remarks>
    [Fact]
    public async Task Tag_list_returns_every_tag_of_the_repository()
    {
        var repository = NewRepository();
        var image = await Pusher.PushImageAsync(repository, "t00", cancellationToken: Cancel);
        var expected = Enumerable.Range(0, 25).Select(i => $"t{i:00}").ToList();
        foreach (var tag in expected.Skip(1))
        {
            await Pusher.TagAsync(image, tag, Cancel);
        }

        var result = await host.Client.ListTagsAsync(Server.Reference(repository), 10, Cancel);

        var found = Assert.IsType<TagListResult.Found>(result);
        Assert.Equal(expected, found.Tags.Order(StringComparer.Ordinal));
        Assert.Equal(found.Pages, host.Observer.Requests.Count(r => r is { Method: "GET", Outcome: RegistryRequestOutcome.Ok }));
    }

    [Fact]
    public async Task Tag_list_of_an_unknown_repository_is_not_found()
    {
        var result = await host.Client.ListTagsAsync(Server.Reference(NewRepository()), Cancel);

        Assert.IsType<TagListResult.NotFound>(result);
    }

    [Fact]
    public async Task Image_created_time_is_read_from_the_config()
    {
        var repository = NewRepository();
        var created = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);
        var pushed = await Pusher.PushImageAsync(repository, "c", created: created, cancellationToken: Cancel);

        var result = await host.Client.GetImageCreatedAsync(Server.Reference($"{repository}:c"), pushed.Digest, Cancel);

        Assert.Equal(created, Assert.IsType<ImageCreatedResult.Found>(result).Created);
    }

    [Fact]
    public async Task Image_created_time_of_an_index_comes_from_its_amd64_image()
    {
        var repository = NewRepository();
        var created = new DateTimeOffset(2024, 12, 24, 18, 0, 0, TimeSpan.Zero);
        var pushed = await Pusher.PushIndexAsync(repository, "i", [PlatformSpec.LinuxArm64, PlatformSpec.LinuxAmd64], withAttestation: true,
            created: created, cancellationToken: Cancel);

        var result = await host.Client.GetImageCreatedAsync(Server.Reference($"{repository}:i"), pushed.Digest, Cancel);

        Assert.Equal(created, Assert.IsType<ImageCreatedResult.Found>(result).Created);
    }

    [Theory]
    [InlineData("1970-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    public async Task Reproducible_build_placeholder_times_are_unknown(string placeholder)
    {
        var repository = NewRepository();
        var pushed = await Pusher.PushImageAsync(repository, "r", created: DateTimeOffset.Parse(placeholder, System.Globalization.CultureInfo.InvariantCulture),
            cancellationToken: Cancel);

        var result = await host.Client.GetImageCreatedAsync(Server.Reference($"{repository}:r"), pushed.Digest, Cancel);

        Assert.Null(Assert.IsType<ImageCreatedResult.Found>(result).Created);
    }

    [Fact]
    public async Task Resolving_many_tags_of_a_non_hub_registry_heads_each_tag()
    {
        var repository = NewRepository();
        var a = await Pusher.PushImageAsync(repository, "a", cancellationToken: Cancel);
        var b = await Pusher.PushIndexAsync(repository, "b", [PlatformSpec.LinuxAmd64], cancellationToken: Cancel);
        ImageReference[] references = [Server.Reference($"{repository}:a"), Server.Reference($"{repository}:b"), Server.Reference($"{repository}:missing")];

        var results = await host.Client.ResolveManyAsync(references, Cancel);

        Assert.Equal(a.Digest, Assert.IsType<ResolveResult.Found>(results[references[0]]).Digest);
        Assert.Equal(b.Digest, Assert.IsType<ResolveResult.Found>(results[references[1]]).Digest);
        Assert.IsType<ResolveResult.NotFound>(results[references[2]]);
        Assert.Equal(3, host.Observer.Requests.Count(r => r.Method == "HEAD"));
    }

    [Fact]
    public async Task Every_request_is_reported_to_the_observer_with_server_method_status_and_outcome()
    {
        var repository = NewRepository();
        await Pusher.PushImageAsync(repository, "o", cancellationToken: Cancel);

        await host.Client.ResolveAsync(Server.Reference($"{repository}:o"), Cancel);
        await host.Client.ResolveAsync(Server.Reference($"{repository}:nope"), Cancel);

        var server = ServerEndpoint.Of(new Uri($"http://{Server.Registry}/"));
        Assert.Equal(
            [(server, "HEAD", 200, RegistryRequestOutcome.Ok), (server, "HEAD", (int?)404, RegistryRequestOutcome.NotFound)],
            host.Observer.Requests.Select(r => (r.Server, r.Method, r.StatusCode, r.Outcome)));
        Assert.All(host.Observer.Requests, r => Assert.True(r.Duration > TimeSpan.Zero));
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private static string NewRepository() => $"it/{Guid.NewGuid():N}";
}
