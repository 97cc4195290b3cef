using System.Net;
using System.Text;
using Monitor.Core.References;
using Monitor.Registry.Client;
using Monitor.Registry.Manifests;
using Monitor.Registry.Observability;
using Monitor.Registry.Tests.Support;

namespace Monitor.Registry.Tests.Faults;

/// <summary>Whatever a registry sends, a digest comes out only when it is sha256:&lt;64 hex&gt; of what was asked for.</summary>
public sealed class HostileResponseTests
{
    private static readonly ImageReference Reference = ImageReference.Parse("hostile.test/team/app:1");
    private static readonly byte[] Index = Responses.IndexBody(("linux", "amd64", null, Responses.RandomDigest()));

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Missing_digest_header_is_replaced_by_the_hash_of_the_fetched_manifest()
    {
        var stub = new StubHandler(request => request.Method == HttpMethod.Head
            ? Responses.Body([], ManifestMediaTypes.OciIndex)
            : Responses.Body(Index, ManifestMediaTypes.OciIndex));
        await using var host = new RegistryTestHost(primaryHandler: stub);

        var result = await host.Client.ResolveAsync(Reference, Cancel);

        var found = Assert.IsType<ResolveResult.Found>(result);
        Assert.Equal(Sha256Digest.Compute(Index), found.Digest);
        Assert.Equal(ManifestMediaTypes.OciIndex, found.MediaType);
        Assert.Equal(["HEAD", "GET"], stub.Requests.Select(r => r.Method));
        Assert.All(stub.Requests, r => Assert.Equal(ManifestMediaTypes.AcceptHeader, r.Accept));
    }

    [Fact]
    public async Task Generic_json_content_type_takes_the_media_type_from_the_body()
    {
        var stub = new StubHandler(request => request.Method == HttpMethod.Head
            ? Responses.Body([], "application/json")
            : Responses.Body(Index, "application/json"));
        await using var host = new RegistryTestHost(primaryHandler: stub);

        var found = Assert.IsType<ResolveResult.Found>(await host.Client.ResolveAsync(Reference, Cancel));

        Assert.Equal(ManifestMediaTypes.OciIndex, found.MediaType);
    }

    [Theory]
    [InlineData("sha256:DBCC1C35AC38DF41FD2F5E4130B32FFDB93EBAE8B3DBE638C23575912276FC9C")]
    [InlineData("sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9")]
    [InlineData("sha512:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9cdbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c")]
    [InlineData("md5:0123456789abcdef0123456789abcdef")]
    [InlineData("dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c")]
    [InlineData("sha256:zzcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c")]
    public async Task Digest_header_that_is_not_lowercase_sha256_is_an_invalid_response(string digest)
    {
        var stub = new StubHandler(_ => Responses.Body([], ManifestMediaTypes.OciIndex, digest));
        await using var host = new RegistryTestHost(primaryHandler: stub);

        var result = await host.Client.ResolveAsync(Reference, Cancel);

        var failure = Assert.IsType<ResolveResult.Failed>(result).Failure;
        Assert.Equal(RegistryRequestOutcome.InvalidResponse, failure.Kind);
        Assert.Contains("Docker-Content-Digest", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(RegistryRequestOutcome.InvalidResponse, Assert.Single(host.Observer.Requests).Outcome);
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("application/vnd.docker.distribution.manifest.v1+prettyjws")]
    public async Task Unexpected_content_type_is_an_invalid_response(string contentType)
    {
        var stub = new StubHandler(_ => Responses.Body([], contentType, Responses.RandomDigest().Value));
        await using var host = new RegistryTestHost(primaryHandler: stub);

        var failure = Assert.IsType<ResolveResult.Failed>(await host.Client.ResolveAsync(Reference, Cancel)).Failure;

        Assert.Equal(RegistryRequestOutcome.InvalidResponse, failure.Kind);
        Assert.Contains("unsupported media type", failure.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<html>captive portal</html>")]
    [InlineData("{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.index.v1+json\", \"manifests\": ")]
    [InlineData("null")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"schemaVersion\": 1, \"mediaType\": \"application/vnd.oci.image.index.v1+json\", \"manifests\": []}")]
    [InlineData("{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.index.v1+json\"}")]
    public async Task Garbage_manifest_body_is_an_invalid_response(string body)
    {
        var stub = new StubHandler(request => request.Method == HttpMethod.Head
            ? Responses.Body([], ManifestMediaTypes.OciIndex)
            : Responses.Body(Encoding.UTF8.GetBytes(body), ManifestMediaTypes.OciIndex));
        await using var host = new RegistryTestHost(primaryHandler: stub);

        var failure = Assert.IsType<ResolveResult.Failed>(await host.Client.ResolveAsync(Reference, Cancel)).Failure;

        Assert.Equal(RegistryRequestOutcome.InvalidResponse, failure.Kind);
    }

    [Fact]
    public async Task Body_whose_hash_differs_from_its_digest_header_is_an_invalid_response()
    {
        var stub = new StubHandler(request => request.Method == HttpMethod.Head
            ? Responses.Body([], ManifestMediaTypes.OciIndex)
            : Responses.Body(Index, ManifestMediaTypes.OciIndex, Responses.RandomDigest().Value));
        await using var host = new RegistryTestHost(primaryHandler: stub);

        var failure = Assert.IsType<ResolveResult.Failed>(await host.Client.ResolveAsync(Reference, Cancel)).Failure;

        Assert.Equal(RegistryRequestOutcome.InvalidResponse, failure.Kind);
        Assert.Contains("does not match", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversize_manifest_with_content_length_is_refused_before_reading()
    {
        var huge = new byte[(4 * 1024 * 1024) + 1];
        var stub = new StubHandler(request => request.Method == HttpMethod.Head
            ? Responses.Body([], ManifestMediaTypes.OciIndex)
            : Responses.Body(huge, ManifestMediaTypes.OciIndex));
        await using var host = new RegistryTestHost(primaryHandler: stub);

        var failure = Assert.IsType<ResolveResult.Failed>(await host.Client.ResolveAsync(Reference, Cancel)).Failure;

        Assert.Equal(RegistryRequestOutcome.InvalidResponse, failure.Kind);
        Assert.Contains("larger than 4194304 bytes", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endless_manifest_without_content_length_is_cut_off_at_the_cap()
    {
        var endless = new EndlessStream();
        var stub = new StubHandler(request => request.Method == HttpMethod.Head
            ? Responses.Body([], ManifestMediaTypes.OciIndex)
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(endless) });
        await using var host = new RegistryTestHost(primaryHandler: stub);

        var failure = Assert.IsType<ResolveResult.Failed>(await host.Client.ResolveAsync(Reference, Cancel)).Failure;

        Assert.Equal(RegistryRequestOutcome.InvalidResponse, failure.Kind);
        Assert.True(endless.Served < 5 * 1024 * 1024, $"read {endless.Served} bytes");
    }

    [Fact]
    public async Task Manifest_fetched_by_digest_must_hash_to_that_digest()
    {
        var asked = Responses.RandomDigest();
        var stub = new StubHandler(_ => Responses.Body(Index, ManifestMediaTypes.OciIndex));
        await using var host = new RegistryTestHost(primaryHandler: stub);

        var result = await host.Client.GetPlatformsAsync(Reference, asked, Cancel);

        var failure = Assert.IsType<PlatformsResult.Failed>(result).Failure;
        Assert.Equal(RegistryRequestOutcome.InvalidResponse, failure.Kind);
        Assert.Contains($"does not hash to {asked}", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Index_naming_a_child_by_a_malformed_digest_is_an_invalid_response()
    {
        var body = Encoding.UTF8.GetBytes("""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
              {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:nothex","size":1,"platform":{"os":"linux","architecture":"amd64"}}]}
            """);
        var stub = new StubHandler(_ => Responses.Body(body, ManifestMediaTypes.OciIndex));
        await using var host = new RegistryTestHost(primaryHandler: stub);

        var result = await host.Client.GetPlatformsAsync(Reference, Sha256Digest.Compute(body), Cancel);

        Assert.Equal(RegistryRequestOutcome.InvalidResponse, Assert.IsType<PlatformsResult.Failed>(result).Failure.Kind);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"name\":\"team/app\",\"tags\":\"latest\"}")]
    [InlineData("[\"latest\"]")]
    public async Task Garbage_tag_list_is_an_invalid_response(string body)
    {
        var stub = new StubHandler(_ => Responses.Body(Encoding.UTF8.GetBytes(body), "application/json"));
        await using var host = new RegistryTestHost(primaryHandler: stub);

        var result = await host.Client.ListTagsAsync(Reference, Cancel);

        Assert.Equal(RegistryRequestOutcome.InvalidResponse, Assert.IsType<TagListResult.Failed>(result).Failure.Kind);
    }

    [Fact]
    public async Task Tag_list_entries_that_are_not_valid_tags_are_dropped()
    {
        var stub = new StubHandler(_ => Responses.Body(Encoding.UTF8.GetBytes("{\"name\":\"team/app\",\"tags\":[\"1.0\",\"-bad\",\"ok\",42,\"a b\"]}"), "application/json"));
        await using var host = new RegistryTestHost(primaryHandler: stub);

        var found = Assert.IsType<TagListResult.Found>(await host.Client.ListTagsAsync(Reference, Cancel));

        Assert.Equal(["1.0", "ok"], found.Tags);
    }

    [Theory]
    [InlineData("{\"nothing\": true}")]
    [InlineData("{\"token\": \"has space\"}")]
    [InlineData("{\"token\": \"line\\r\\nbreak\"}")]
    [InlineData("garbage")]
    public async Task Unusable_token_response_fails_the_read(string tokenBody)
    {
        var stub = new StubHandler(request => request.RequestUri!.Host == "auth.test"
            ? Responses.Body(Encoding.UTF8.GetBytes(tokenBody), "application/json")
            : Responses.Challenge("Bearer realm=\"https://auth.test/token\",service=\"hostile.test\""));
        await using var host = new RegistryTestHost(primaryHandler: stub);

        var failure = Assert.IsType<ResolveResult.Failed>(await host.Client.ResolveAsync(Reference, Cancel)).Failure;

        Assert.Equal(RegistryRequestOutcome.InvalidResponse, failure.Kind);
        Assert.Contains("token service auth.test/token", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversize_token_response_fails_the_read()
    {
        var stub = new StubHandler(request => request.RequestUri!.Host == "auth.test"
            ? Responses.Body(new byte[(1024 * 1024) + 1], "application/json")
            : Responses.Challenge("Bearer realm=\"https://auth.test/token\",service=\"hostile.test\""));
        await using var host = new RegistryTestHost(primaryHandler: stub);

        var failure = Assert.IsType<ResolveResult.Failed>(await host.Client.ResolveAsync(Reference, Cancel)).Failure;

        Assert.Equal(RegistryRequestOutcome.InvalidResponse, failure.Kind);
        Assert.Contains("larger than", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docker_hub_rate_limit_headers_are_parsed_and_reported()
    {
        var stub = new StubHandler(_ =>
        {
            var response = Responses.ManifestHead(Responses.RandomDigest());
            response.Headers.TryAddWithoutValidation("ratelimit-limit", "100;w=21600");
            response.Headers.TryAddWithoutValidation("ratelimit-remaining", "87;w=21600");
            return response;
        });
        await using var host = new RegistryTestHost(primaryHandler: stub);

        var found = Assert.IsType<ResolveResult.Found>(await host.Client.ResolveAsync(ImageReference.Parse("python:3.13"), Cancel));

        Assert.Equal(new DockerHubRateLimit(100, 87, TimeSpan.FromHours(6)), found.RateLimit);
        Assert.Equal([(new ServerEndpoint("registry-1.docker.io", 443), new DockerHubRateLimit(100, 87, TimeSpan.FromHours(6)))], host.Observer.RateLimits);
        Assert.Equal("registry-1.docker.io", Assert.Single(stub.Requests).Uri.Host);
        Assert.Equal("docker.io", stub.Requests[0].Registry);
        Assert.Equal("/v2/library/python/manifests/3.13", stub.Requests[0].Uri.AbsolutePath);
    }
}
