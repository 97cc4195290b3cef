using Monitor.Core.References;
using Monitor.Registry.Client;
using Monitor.Registry.Configuration;
using Monitor.Registry.Manifests;
using Monitor.Registry.Tests.Support;
using Monitor.Testing.Registry;
using Monitor.Testing.Registry.Vendors;

namespace Monitor.Registry.Tests.Vendors;

/// <summary>
/// Requests one poll cycle costs per registry for 50 watched tags (5 repositories of 10), with each vendor's recorded-style
/// answers from its stub and the OCI API from a real registry. The figures of docs/registry.md.
/// </summary>
public sealed class RequestCountTests(RegistryServerFixture registry, ITestOutputHelper output) : IClassFixture<RegistryServerFixture>
{
    private const int Repositories = 5;
    private const int TagsPerRepository = 10;
    private const string Token = "ghp_count-test-token";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private RegistryServer Server => registry.Server;

    [Theory]
    [InlineData(RegistryKind.Generic, 50, 0)]
    [InlineData(RegistryKind.Gcr, 0, 5)]
    [InlineData(RegistryKind.Quay, 0, 10)]
    [InlineData(RegistryKind.Chainguard, 50, 0)]
    [InlineData(RegistryKind.Mcr, 50, 5)]
    [InlineData(RegistryKind.Ghcr, 50, 5)]
    public async Task Fifty_watched_tags_cost_this_many_requests_per_cycle(RegistryKind kind, int heads, int apiRequests)
    {
        var watched = new List<ImageReference>();
        var (gcr, quay, mcr, ghcr) = (new GcrTagListApi(), new QuayTagApi(), new McrCatalogApi(), new GhcrPackagesApi(Token));
        var pushed = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(-30).ToUnixTimeSeconds());
        for (var r = 0; r < Repositories; r++)
        {
            var repository = $"count{r}/{Guid.NewGuid():N}";
            var image = await Server.Pusher.PushImageAsync(repository, "t000", cancellationToken: Cancel);
            // 150 tags per repository on Quay (the 10 watched ones the oldest, so on the second page); 10 elsewhere.
            for (var t = 0; t < (kind == RegistryKind.Quay ? 150 : TagsPerRepository); t++)
            {
                var tag = $"t{t:000}";
                if (t > 0)
                {
                    await Server.Pusher.TagAsync(image, tag, Cancel);
                }

                gcr.Push(repository, image.Digest, pushed, ManifestMediaTypes.OciManifest, [.. gcr.Repositories.GetValueOrDefault(repository)?.SelectMany(m => m.Tags) ?? [], tag]);
                quay.Push(repository, tag, image.Digest, pushed.AddMinutes(t), isManifestList: false);
                mcr.Add(repository, tag, image.Digest, pushed);
                if (t < TagsPerRepository)
                {
                    watched.Add(Server.Reference($"{repository}:{tag}"));
                }
            }

            var slash = repository.IndexOf('/', StringComparison.Ordinal);
            ghcr.Add("orgs", repository[..slash], repository[(slash + 1)..], image.Digest, pushed, "t000");
        }

        IVendorApi api = kind switch
        {
            RegistryKind.Gcr => gcr,
            RegistryKind.Quay => quay,
            RegistryKind.Mcr => mcr,
            RegistryKind.Ghcr => ghcr,
            _ => new ChainguardHistoryApi(),
        };
        await using var stub = await VendorStub.StartAsync(api, Server.BaseUri);
        // GCR's tag list lives on the registry host (the stub in front); the other vendors' APIs beside it.
        var settings = kind == RegistryKind.Gcr
            ? VendorSettings.For(stub.Authority, kind)
            : VendorSettings.For(Server.Registry, kind, stub.BaseUri, kind == RegistryKind.Ghcr ? Token : null);
        var references = kind == RegistryKind.Gcr
            ? [.. watched.Select(w => ImageReference.Parse($"{stub.Authority}/{w.Repository}:{w.Tag}"))]
            : watched;
        await using var host = new RegistryTestHost(settings);

        var results = await host.Client.ResolveManyAsync(references, Cancel);

        Assert.Equal(50, results.Values.OfType<ResolveResult.Found>().Count());
        var headCount = host.Observer.Requests.Count(r => r.Method == "HEAD");
        var apiCount = stub.Count(r => !r.Forwarded);
        var withPushTime = results.Values.OfType<ResolveResult.Found>().Count(f => f.PushedAt is not null);
        output.WriteLine($"{kind}: 50 watched tags in {Repositories} repositories: {headCount} HEAD + {apiCount} vendor API request(s) = {headCount + apiCount} per cycle; {withPushTime} with a push time");
        Assert.Equal((heads, apiRequests), (headCount, apiCount));
        // GHCR: the tags of a repository share one image, so its one version gives all ten their push time.
        Assert.Equal(kind is RegistryKind.Generic or RegistryKind.Chainguard ? 0 : 50, withPushTime);
    }
}
