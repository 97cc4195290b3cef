using System.Net;
using Monitor.Core.References;
using Monitor.Registry.Client;
using Monitor.Registry.Observability;
using Monitor.Registry.Tests.Support;

namespace Monitor.Registry.Tests.DockerHub;

/// <summary>Several watched tags of one Docker Hub repository: Hub tag API pages instead of one HEAD per tag.</summary>
public sealed class DockerHubTagApiTests(ITestOutputHelper output)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> Settings(bool useTagApi) => new()
    {
        ["Registries:DockerHub:ApiBaseUrl"] = $"https://{DockerHubStub.HubHost}/",
        ["Registries:DockerHub:UseTagApi"] = useTagApi ? "true" : "false",
        ["Registries:RetryBaseDelay"] = "00:00:00.001",
        // Request counts are what these tests measure; Docker Hub's polite default of 5 requests/s only slows them.
        ["Registries:DockerHub:RequestsPerSecond"] = "1000",
        // A Hub 429 must fall back at once rather than wait out the default pause.
        ["Registries:DefaultRetryAfter"] = "01:00:00",
    };

    [Fact]
    public async Task Fifty_watched_tags_cost_one_hub_page_per_hundred_tags_instead_of_a_head_each()
    {
        // 150 tags on the Hub; every third one watched, so the 50 wanted tags are spread over both pages.
        var viaHub = new DockerHubStub(150);
        var watched = viaHub.Tags.Where((_, i) => i % 3 == 0).Select(t => ImageReference.Parse($"python:{t}")).ToList();
        Assert.Equal(50, watched.Count);
        await using (var host = new RegistryTestHost(Settings(useTagApi: true), viaHub.Handler))
        {
            var results = await host.Client.ResolveManyAsync(watched, Cancel);
            AssertAllFound(watched, results, expectPushedAt: true);
        }

        var viaHead = new DockerHubStub(150);
        await using (var host = new RegistryTestHost(Settings(useTagApi: false), viaHead.Handler))
        {
            var results = await host.Client.ResolveManyAsync(watched, Cancel);
            AssertAllFound(watched, results, expectPushedAt: false);
        }

        var hubTotal = viaHub.HubRequests + viaHub.RegistryRequests + viaHub.TokenRequests;
        var headTotal = viaHead.HubRequests + viaHead.RegistryRequests + viaHead.TokenRequests;
        output.WriteLine($"50 watched tags of docker.io/library/python (150 tags on the Hub):");
        output.WriteLine($"  Hub tag API path: {viaHub.HubRequests} Hub page request(s), {viaHub.RegistryRequests} registry request(s), {viaHub.TokenRequests} token request(s) = {hubTotal} requests");
        output.WriteLine($"  HEAD-per-tag path: {viaHead.RegistryRequests} registry request(s) (HEADs incl. initial 401s), {viaHead.TokenRequests} token request(s) = {headTotal} requests");

        Assert.True(viaHub.HubRequests <= (viaHub.Tags.Count + 99) / 100, $"{viaHub.HubRequests} Hub pages for {viaHub.Tags.Count} tags");
        Assert.Equal(0, viaHub.RegistryRequests);
        Assert.Equal(0, viaHub.TokenRequests);
        Assert.Equal(0, viaHead.HubRequests);
        Assert.Equal(50, viaHead.Handler.Count(r => r is { Method: "HEAD", Authorization: "Bearer hub-token" }));
        Assert.Equal(1, viaHead.TokenRequests);
    }

    [Fact]
    public async Task Hub_paging_stops_once_every_wanted_tag_is_found()
    {
        var stub = new DockerHubStub(350);
        var watched = stub.Tags.Take(30).Select(t => ImageReference.Parse($"python:{t}")).ToList();
        await using var host = new RegistryTestHost(Settings(useTagApi: true), stub.Handler);

        AssertAllFound(watched, await host.Client.ResolveManyAsync(watched, Cancel), expectPushedAt: true);

        Assert.Equal(1, stub.HubRequests);
        Assert.Equal("?page_size=100&page=1", stub.Handler.Requests.Single().Uri.Query);
    }

    [Fact]
    public async Task Tags_the_hub_does_not_list_or_vouch_for_fall_back_to_head()
    {
        var stub = new DockerHubStub(40);
        stub.MissingFromHub.Add(stub.Tags[3]);
        stub.BadDigestOnHub.Add(stub.Tags[7]);
        var watched = stub.Tags.Take(10).Select(t => ImageReference.Parse($"python:{t}")).ToList();
        await using var host = new RegistryTestHost(Settings(useTagApi: true), stub.Handler);

        var results = await host.Client.ResolveManyAsync(watched, Cancel);

        AssertAllFound(watched, results, expectPushedAt: null);
        Assert.Equal(1, stub.HubRequests);
        Assert.Equal(
            [$"/v2/library/python/manifests/{stub.Tags[3]}", $"/v2/library/python/manifests/{stub.Tags[7]}"],
            stub.Handler.Requests.Where(r => r is { Method: "HEAD", Authorization: not null }).Select(r => r.Uri.AbsolutePath).Order(StringComparer.Ordinal));
        Assert.Null(((ResolveResult.Found)results[watched[3]]).PushedAt);
        Assert.NotNull(((ResolveResult.Found)results[watched[4]]).PushedAt);
    }

    [Fact]
    public async Task Failing_hub_api_falls_back_to_head_for_every_tag()
    {
        var stub = new DockerHubStub(20) { HubFailure = HttpStatusCode.TooManyRequests };
        var watched = stub.Tags.Take(5).Select(t => ImageReference.Parse($"python:{t}")).Append(ImageReference.Parse("python:gone")).ToList();
        await using var host = new RegistryTestHost(Settings(useTagApi: true), stub.Handler);

        var results = await host.Client.ResolveManyAsync(watched, Cancel);

        Assert.All(watched.Take(5), r => Assert.Equal(DockerHubStub.DigestOf(r.Tag!), Assert.IsType<ResolveResult.Found>(results[r]).Digest));
        Assert.IsType<ResolveResult.NotFound>(results[watched[^1]]);
        Assert.Equal(1, stub.HubRequests);
        Assert.Equal(6, stub.Handler.Count(r => r is { Method: "HEAD", Authorization: not null }));
        Assert.Contains(host.Observer.Requests, r => r is { Server: { Address: DockerHubStub.HubHost, Port: 443 }, StatusCode: 429, Outcome: RegistryRequestOutcome.RateLimited });
    }

    [Fact]
    public async Task A_single_watched_tag_uses_head_not_the_hub()
    {
        var stub = new DockerHubStub(20);
        await using var host = new RegistryTestHost(Settings(useTagApi: true), stub.Handler);

        var results = await host.Client.ResolveManyAsync([ImageReference.Parse("python:" + stub.Tags[0])], Cancel);

        Assert.IsType<ResolveResult.Found>(Assert.Single(results).Value);
        Assert.Equal(0, stub.HubRequests);
    }

    private static void AssertAllFound(List<ImageReference> watched, IReadOnlyDictionary<ImageReference, ResolveResult> results, bool? expectPushedAt)
    {
        Assert.Equal(watched.Count, results.Count);
        foreach (var reference in watched)
        {
            var found = Assert.IsType<ResolveResult.Found>(results[reference]);
            Assert.Equal(reference, found.Reference);
            Assert.Equal(DockerHubStub.DigestOf(reference.Tag!), found.Digest);
            Assert.Equal(Monitor.Registry.Manifests.ManifestMediaTypes.OciIndex, found.MediaType);
            if (expectPushedAt is { } expected)
            {
                Assert.Equal(expected, found.PushedAt is not null);
            }
        }
    }
}
