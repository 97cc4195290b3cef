using Monitor.Core.Cadence;
using Monitor.Core.References;
using Monitor.Registry.Client;
using Monitor.Registry.Manifests;
using Monitor.Registry.Tests.Support;
using Monitor.Testing.Registry;

namespace Monitor.Registry.Tests.Integration;

/// <summary>
/// <see cref="IRegistryClient.GetImageDetailsAsync"/> against a real registry: media type, platforms and the config's
/// <c>created</c> of the chosen child (Cadence:Platform, else linux/amd64, else the first), placeholders as unknown.
/// </summary>
public sealed class ImageDetailsTests(RegistryServerFixture fixture) : IClassFixture<RegistryServerFixture>, IAsyncDisposable
{
    private static readonly DateTimeOffset Amd64Built = new(2025, 1, 10, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Arm64Built = new(2025, 1, 11, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset S390xBuilt = new(2025, 1, 12, 10, 0, 0, TimeSpan.Zero);

    private readonly RegistryTestHost host = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private RegistryServer Server => fixture.Server;

    [Fact]
    public async Task A_single_arch_image_gives_its_platform_and_build_time_from_one_config_read()
    {
        var repository = NewRepository();
        var image = await Server.Pusher.PushImageAsync(repository, "1", PlatformSpec.LinuxArmV7, Amd64Built, cancellationToken: Cancel);

        var details = Assert.IsType<ImageDetailsResult.Found>(await host.Client.GetImageDetailsAsync(Server.Reference($"{repository}:1"), image.Digest, null, readCreated: true, Cancel));

        Assert.Equal((ManifestMediaTypes.OciManifest, false, Amd64Built), (details.MediaType, details.IsIndex, details.Created));
        Assert.Equal([new PlatformDigest("linux", "arm", "v7", image.Digest)], details.Platforms);
        Assert.Equal(2, host.Observer.Requests.Count(r => r.Method == "GET"));
    }

    [Theory]
    [InlineData(null, "2025-01-10T08:00:00Z")]
    [InlineData("linux/arm64", "2025-01-11T09:00:00Z")]
    [InlineData("linux/s390x", "2025-01-12T10:00:00Z")]
    [InlineData("windows/amd64", "2025-01-10T08:00:00Z")]
    public async Task An_index_gives_the_build_time_of_the_configured_platform_else_linux_amd64(string? platform, string expected)
    {
        var (reference, index) = await IndexAsync([PlatformSpec.LinuxArm64, PlatformSpec.LinuxAmd64, PlatformSpec.LinuxS390x]);

        var details = Assert.IsType<ImageDetailsResult.Found>(await host.Client.GetImageDetailsAsync(reference, index.Digest,
            platform is null ? null : PlatformSelector.Parse(platform), readCreated: true, Cancel));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), details.Created);
        Assert.Equal((ManifestMediaTypes.OciIndex, true), (details.MediaType, details.IsIndex));
        Assert.Equal(index.Children.Select(c => c.Digest), details.Platforms.Select(p => p.Digest));
        Assert.Equal(3, host.Observer.Requests.Count(r => r.Method == "GET"));
    }

    [Fact]
    public async Task An_index_without_linux_amd64_gives_the_build_time_of_its_first_platform()
    {
        var (reference, index) = await IndexAsync([PlatformSpec.LinuxS390x, PlatformSpec.LinuxArm64]);

        var details = Assert.IsType<ImageDetailsResult.Found>(await host.Client.GetImageDetailsAsync(reference, index.Digest, null, readCreated: true, Cancel));

        Assert.Equal(S390xBuilt, details.Created);
    }

    [Fact]
    public async Task Without_readCreated_an_index_costs_one_request_and_no_build_time()
    {
        var repository = NewRepository();
        var index = await Server.Pusher.PushIndexAsync(repository, "1", [PlatformSpec.LinuxAmd64, PlatformSpec.LinuxArm64], withAttestation: true,
            created: Amd64Built, cancellationToken: Cancel);

        var details = Assert.IsType<ImageDetailsResult.Found>(await host.Client.GetImageDetailsAsync(Server.Reference($"{repository}:1"), index.Digest, null, readCreated: false, Cancel));

        Assert.Null(details.Created);
        Assert.Equal(["linux/amd64", "linux/arm64/v8"], details.Platforms.Select(p => p.Platform));
        Assert.Equal(1, host.Observer.Requests.Count(r => r.Method == "GET"));
    }

    [Theory]
    [InlineData("1970-01-01T00:00:00Z", false)]
    [InlineData("0001-01-01T00:00:00Z", false)]
    [InlineData("1970-01-01T00:00:00Z", true)]
    [InlineData("0001-01-01T00:00:00Z", true)]
    public async Task Reproducible_build_placeholders_are_no_build_time(string placeholder, bool asIndex)
    {
        var repository = NewRepository();
        var created = DateTimeOffset.Parse(placeholder, System.Globalization.CultureInfo.InvariantCulture);
        Sha256Digest digest = asIndex
            ? (await Server.Pusher.PushIndexAsync(repository, "r", [PlatformSpec.LinuxAmd64], created: created, cancellationToken: Cancel)).Digest
            : (await Server.Pusher.PushImageAsync(repository, "r", created: created, cancellationToken: Cancel)).Digest;

        var details = Assert.IsType<ImageDetailsResult.Found>(await host.Client.GetImageDetailsAsync(Server.Reference($"{repository}:r"), digest, null, readCreated: true, Cancel));

        Assert.Null(details.Created);
        Assert.NotEmpty(details.Platforms);
    }

    [Fact]
    public async Task Concurrent_reads_of_one_digest_share_one_manifest_and_one_config_request_per_repository()
    {
        var repository = NewRepository();
        var image = await Server.Pusher.PushImageAsync(repository, "0", PlatformSpec.LinuxArmV7, Amd64Built, cancellationToken: Cancel);
        var tags = Enumerable.Range(0, 12).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        foreach (var tag in tags.Skip(1))
        {
            await Server.Pusher.TagAsync(image, tag, Cancel);
        }

        var copy = await Server.Pusher.CopyAsync(image, NewRepository(), "0", Cancel);

        var all = await Task.WhenAll(tags.Select(tag => host.Client.GetImageDetailsAsync(Server.Reference($"{repository}:{tag}"), image.Digest, null, readCreated: true, Cancel))
            .Append(host.Client.GetImageDetailsAsync(Server.Reference($"{copy.Repository}:0"), image.Digest, null, readCreated: true, Cancel)));

        Assert.All(all, result =>
        {
            var details = Assert.IsType<ImageDetailsResult.Found>(result);
            Assert.Equal((Amd64Built, "linux/arm/v7"), (details.Created, Assert.Single(details.Platforms).Platform));
        });

        // Twelve tags in one repository: one manifest and one config read; the copy in another repository: its own two.
        Assert.Equal(4, host.Observer.Requests.Count(r => r.Method == "GET"));
    }

    [Fact]
    public async Task A_deleted_manifest_is_not_found()
    {
        var repository = NewRepository();
        var image = await Server.Pusher.PushImageAsync(repository, "gone", cancellationToken: Cancel);
        await Server.Pusher.DeleteManifestAsync(repository, image.Digest, Cancel);

        Assert.IsType<ImageDetailsResult.NotFound>(await host.Client.GetImageDetailsAsync(Server.Reference($"{repository}:gone"), image.Digest, null, true, Cancel));
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

    /// <summary>An index whose children were built at different times: amd64 at <see cref="Amd64Built"/>, arm64 a day later, s390x two.</summary>
    private async Task<(ImageReference Reference, PushedIndex Index)> IndexAsync(IReadOnlyList<PlatformSpec> platforms)
    {
        var repository = NewRepository();
        var children = new List<PushedImage>();
        foreach (var platform in platforms)
        {
            var built = platform == PlatformSpec.LinuxAmd64 ? Amd64Built : platform == PlatformSpec.LinuxArm64 ? Arm64Built : S390xBuilt;
            children.Add(await Server.Pusher.PushImageAsync(repository, null, platform, built, cancellationToken: Cancel));
        }

        var index = await Server.Pusher.PushIndexOfAsync(repository, "1", children, cancellationToken: Cancel);
        return (Server.Reference($"{repository}:1"), index);
    }

    private static string NewRepository() => $"details/{Guid.NewGuid():N}";
}
