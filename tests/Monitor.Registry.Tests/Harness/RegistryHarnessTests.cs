using System.Net;
using Monitor.Testing.Registry;

namespace Monitor.Registry.Tests.Harness;

/// <summary>The harness itself: what it pushes is what an independent client (skopeo) reads back.</summary>
public sealed class RegistryHarnessTests
{
    [Theory]
    [InlineData(RegistryAuthMode.Anonymous)]
    [InlineData(RegistryAuthMode.Basic)]
    [InlineData(RegistryAuthMode.Token)]
    public async Task Pushed_index_is_served_with_the_digest_skopeo_computes(RegistryAuthMode auth)
    {
        await using var server = await RegistryServer.StartAsync(new RegistryServerOptions { Auth = auth }, TestContext.Current.CancellationToken);

        var index = await server.Pusher.PushIndexAsync("harness/multi", "1.0",
            [PlatformSpec.LinuxAmd64, PlatformSpec.LinuxArm64], withAttestation: true, cancellationToken: TestContext.Current.CancellationToken);

        var credentials = auth == RegistryAuthMode.Basic ? $"{server.Options.Username}:{server.Options.Password}" : null;
        var skopeo = await Skopeo.RawManifestDigestAsync($"{server.Registry}/harness/multi:1.0", credentials, TestContext.Current.CancellationToken);
        Assert.Equal(index.Digest, skopeo);
        Assert.Equal(2, index.Children.Count);
        Assert.NotNull(index.Attestation);
    }

    [Fact]
    public async Task Basic_auth_registry_rejects_anonymous_requests()
    {
        await using var server = await RegistryServer.StartAsync(new RegistryServerOptions { Auth = RegistryAuthMode.Basic }, TestContext.Current.CancellationToken);
        using var client = new HttpClient();

        using var response = await client.GetAsync(new Uri(server.BaseUri, "/v2/"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Basic", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_auth_registry_challenges_with_the_issuer_realm()
    {
        await using var server = await RegistryServer.StartAsync(new RegistryServerOptions { Auth = RegistryAuthMode.Token }, TestContext.Current.CancellationToken);
        using var client = new HttpClient();

        using var response = await client.GetAsync(new Uri(server.BaseUri, "/v2/a/b/tags/list"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.Contains(server.Issuer!.Realm.ToString(), challenge, StringComparison.Ordinal);
        Assert.Contains("repository:a/b:pull", challenge, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_tag_makes_its_manifest_unknown()
    {
        await using var server = await RegistryServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var image = await server.Pusher.PushImageAsync("harness/single", "gone", cancellationToken: TestContext.Current.CancellationToken);

        var deleted = await server.Pusher.DeleteTagAsync("harness/single", "gone", TestContext.Current.CancellationToken);

        Assert.Equal(image.Digest, deleted);
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri(server.BaseUri, "/v2/harness/single/manifests/gone"));
        request.Headers.TryAddWithoutValidation("Accept", MediaTypes.AllManifests);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
