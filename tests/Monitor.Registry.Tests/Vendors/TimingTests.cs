using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Monitor.Core.References;
using Monitor.Registry.Client;
using Monitor.Registry.Configuration;
using Monitor.Registry.Manifests;
using Monitor.Registry.Tests.DockerHub;
using Monitor.Registry.Tests.Support;
using Monitor.Testing.Registry;
using Monitor.Testing.Registry.Vendors;

namespace Monitor.Registry.Tests.Vendors;

/// <summary>
/// Every answer says when its request was sent and when the answer arrived: SentAt ≤ the moment the registry saw the
/// request ≤ AnsweredAt, on every path (HEAD, GET fallback, Hub pages, GCR and Quay listings, 404s).
/// </summary>
public sealed class TimingTests(RegistryServerFixture registry) : IClassFixture<RegistryServerFixture>
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(250);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Head_answers_and_404s_are_timed_around_the_moment_a_slow_registry_saw_them()
    {
        var repository = $"timing/{Guid.NewGuid():N}";
        await registry.Server.Pusher.PushImageAsync(repository, "1", cancellationToken: Cancel);
        await using var front = await VendorStub.StartAsync(new McrCatalogApi(), registry.Server.BaseUri);
        front.Delay = Delay;
        await using var host = new RegistryTestHost(VendorSettings.For(front.Authority, RegistryKind.Generic));

        var found = Assert.IsType<ResolveResult.Found>(await host.Client.ResolveAsync(ImageReference.Parse($"{front.Authority}/{repository}:1"), Cancel));
        var gone = Assert.IsType<ResolveResult.NotFound>(await host.Client.ResolveAsync(ImageReference.Parse($"{front.Authority}/{repository}:gone"), Cancel));

        AssertContains(found.Timing, front.Requests[0].ArrivedAt);
        AssertContains(gone.Timing, front.Requests[1].ArrivedAt);
        Assert.True(found.Timing!.Value.AnsweredAt - found.Timing.Value.SentAt >= Delay);
    }

    [Fact]
    public async Task A_gcr_listing_gives_every_tag_the_timing_of_its_one_request()
    {
        var repository = $"timing/{Guid.NewGuid():N}";
        var image = await registry.Server.Pusher.PushImageAsync(repository, "a", cancellationToken: Cancel);
        var api = new GcrTagListApi();
        api.Push(repository, image.Digest, DateTimeOffset.UtcNow.AddDays(-1), ManifestMediaTypes.OciManifest, "a", "b");
        await using var stub = await VendorStub.StartAsync(api, registry.Server.BaseUri);
        stub.Delay = Delay;
        await using var host = new RegistryTestHost(VendorSettings.For(stub.Authority, RegistryKind.Gcr));
        var references = new[] { "a", "b" }.Select(tag => ImageReference.Parse($"{stub.Authority}/{repository}:{tag}")).ToList();

        var results = await host.Client.ResolveManyAsync(references, Cancel);

        var timings = references.Select(r => ((ResolveResult.Found)results[r]).Timing).Distinct().ToList();
        AssertContains(Assert.Single(timings), Assert.Single(stub.Requests).ArrivedAt);
    }

    [Fact]
    public async Task Quay_listed_tags_carry_the_timing_of_the_page_that_listed_them()
    {
        var repository = $"timing/{Guid.NewGuid():N}";
        var api = new QuayTagApi();
        var digest = Responses.RandomDigest();
        for (var i = 0; i < 150; i++)
        {
            api.Push(repository, $"t{i:000}", digest, DateTimeOffset.UtcNow.AddDays(-10).AddMinutes(i));
        }

        await using var stub = await VendorStub.StartAsync(api);
        stub.Delay = Delay;
        await using var host = new RegistryTestHost(VendorSettings.For(registry.Server.Registry, RegistryKind.Quay, stub.BaseUri));
        var (newest, oldest) = (registry.Server.Reference($"{repository}:t149"), registry.Server.Reference($"{repository}:t000"));

        var results = await host.Client.ResolveManyAsync([newest, oldest], Cancel);

        AssertContains(((ResolveResult.Found)results[newest]).Timing, stub.Requests[0].ArrivedAt);
        AssertContains(((ResolveResult.Found)results[oldest]).Timing, stub.Requests[1].ArrivedAt);
        Assert.True(((ResolveResult.Found)results[oldest]).Timing!.Value.SentAt >= ((ResolveResult.Found)results[newest]).Timing!.Value.AnsweredAt);
    }

    [Fact]
    public async Task The_get_fallback_is_timed_from_the_head_sent_to_the_get_answered()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var seen = new ConcurrentQueue<DateTimeOffset>();
        var index = Responses.IndexBody(("linux", "amd64", null, Responses.RandomDigest()));
        var stub = new StubHandler(request =>
        {
            seen.Enqueue(time.GetUtcNow());
            time.Advance(TimeSpan.FromSeconds(1));
            return request.Method == HttpMethod.Head ? Responses.Body([], ManifestMediaTypes.OciIndex) : Responses.Body(index, ManifestMediaTypes.OciIndex);
        });
        await using var host = new RegistryTestHost(primaryHandler: stub, time: time);
        var sentBefore = time.GetUtcNow();

        var found = Assert.IsType<ResolveResult.Found>(await host.Client.ResolveAsync(ImageReference.Parse("slow.test/team/app:1"), Cancel));

        Assert.Equal(["HEAD", "GET"], stub.Requests.Select(r => r.Method));
        Assert.Equal(sentBefore, found.Timing!.Value.SentAt);
        Assert.All(seen, at => AssertContains(found.Timing, at));
        Assert.Equal(sentBefore.AddSeconds(2), found.Timing.Value.AnsweredAt);
    }

    [Fact]
    public async Task Hub_listed_tags_carry_the_timing_of_their_page()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var hub = new DockerHubStub(150);
        var seen = new ConcurrentQueue<(string Query, DateTimeOffset At)>();
        using var invoker = new HttpMessageInvoker(hub.Handler, disposeHandler: false);
        var clock = new StubHandler(async (request, ct) =>
        {
            seen.Enqueue((request.RequestUri!.Query, time.GetUtcNow()));
            time.Advance(TimeSpan.FromSeconds(5));
            return await invoker.SendAsync(request, ct);
        });
        await using var host = new RegistryTestHost(new Dictionary<string, string?>
        {
            ["Registries:DockerHub:ApiBaseUrl"] = $"https://{DockerHubStub.HubHost}/",
            ["Registries:DockerHub:RequestsPerSecond"] = "1000",
        }, clock, time);
        var (first, second) = (ImageReference.Parse($"python:{hub.Tags[0]}"), ImageReference.Parse($"python:{hub.Tags[120]}"));

        var results = await host.Client.ResolveManyAsync([first, second], Cancel);

        var pages = seen.ToList();
        Assert.Equal(2, pages.Count);
        AssertContains(((ResolveResult.Found)results[first]).Timing, pages[0].At);
        AssertContains(((ResolveResult.Found)results[second]).Timing, pages[1].At);
        Assert.NotEqual(((ResolveResult.Found)results[first]).Timing, ((ResolveResult.Found)results[second]).Timing);
    }

    private static void AssertContains(RequestTiming? timing, DateTimeOffset seen)
    {
        Assert.NotNull(timing);
        Assert.True(timing.Value.SentAt <= seen && seen <= timing.Value.AnsweredAt, $"{timing.Value.SentAt:O} ≤ {seen:O} ≤ {timing.Value.AnsweredAt:O}");
    }
}
