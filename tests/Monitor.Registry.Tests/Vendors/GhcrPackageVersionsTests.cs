using Monitor.Core.References;
using Monitor.Registry.Client;
using Monitor.Registry.Configuration;
using Monitor.Registry.Observability;
using Monitor.Registry.Tests.Support;
using Monitor.Testing.Registry;
using Monitor.Testing.Registry.Vendors;

namespace Monitor.Registry.Tests.Vendors;

/// <summary>GHCR: digests from HEAD on a real registry playing ghcr.io, push times from a stub of GitHub's package versions API.</summary>
public sealed class GhcrPackageVersionsTests(RegistryServerFixture registry) : IClassFixture<RegistryServerFixture>
{
    private const string Token = "ghp_0123456789abcdefTESTTOKEN";
    private static readonly DateTimeOffset Created = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(-200).ToUnixTimeSeconds());

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private RegistryServer Server => registry.Server;

    [Fact]
    public async Task With_a_token_push_times_come_from_the_version_named_by_the_tags_digest()
    {
        var (owner, package, image, references) = await PackageAsync();
        var api = new GhcrPackagesApi(Token);
        api.Add("orgs", owner, package, image.Digest, Created, "1", "latest");
        api.Add("orgs", owner, package, Responses.RandomDigest(), Created.AddDays(1), "2");
        await using var stub = await VendorStub.StartAsync(api);
        await using var host = new RegistryTestHost(VendorSettings.For(Server.Registry, RegistryKind.Ghcr, stub.BaseUri, Token));

        var results = await host.Client.ResolveManyAsync(references, Cancel);

        Assert.All(references, r => Assert.Equal((image.Digest, Created), (((ResolveResult.Found)results[r]).Digest, ((ResolveResult.Found)results[r]).PushedAt!.Value)));
        var request = Assert.Single(stub.Requests);
        Assert.Equal(($"/orgs/{owner}/packages/container/{package}/versions", "?per_page=100&page=1", $"Bearer {Token}"), (request.Path, request.Query, request.Authorization));
    }

    [Fact]
    public async Task A_package_of_a_user_is_found_after_the_organisation_404_and_remembered()
    {
        var (owner, package, image, references) = await PackageAsync();
        var api = new GhcrPackagesApi(Token);
        api.Add("users", owner, package, image.Digest, Created, "1");
        await using var stub = await VendorStub.StartAsync(api);
        await using var host = new RegistryTestHost(VendorSettings.For(Server.Registry, RegistryKind.Ghcr, stub.BaseUri, Token));

        var first = await host.Client.ResolveManyAsync(references, Cancel);
        var second = await host.Client.ResolveManyAsync(references, Cancel);

        Assert.Equal(Created, ((ResolveResult.Found)first[references[0]]).PushedAt);
        Assert.Equal(Created, ((ResolveResult.Found)second[references[0]]).PushedAt);
        Assert.Equal(["orgs", "users", "users"], stub.Requests.Select(r => r.Path.Split('/')[1]));
    }

    [Fact]
    public async Task Versions_are_paged_until_every_digest_is_found()
    {
        var (owner, package, image, references) = await PackageAsync();
        var api = new GhcrPackagesApi(Token);
        for (var i = 0; i < 250; i++)
        {
            api.Add("orgs", owner, package, Responses.RandomDigest(), Created.AddDays(100 - i));
        }

        // 180 versions are newer: the image's version is on the second page.
        api.Add("orgs", owner, package, image.Digest, Created.AddDays(100 - 180).AddHours(-1), "1");
        await using var stub = await VendorStub.StartAsync(api);
        await using var host = new RegistryTestHost(VendorSettings.For(Server.Registry, RegistryKind.Ghcr, stub.BaseUri, Token));

        var results = await host.Client.ResolveManyAsync(references, Cancel);

        Assert.Equal(Created.AddDays(-80).AddHours(-1), ((ResolveResult.Found)results[references[0]]).PushedAt);
        Assert.Equal(["?per_page=100&page=1", "?per_page=100&page=2"], stub.Requests.Select(r => r.Query));
    }

    [Fact]
    public async Task Without_a_token_the_api_is_not_asked()
    {
        var (owner, package, image, references) = await PackageAsync();
        var api = new GhcrPackagesApi(Token);
        api.Add("orgs", owner, package, image.Digest, Created, "1");
        await using var stub = await VendorStub.StartAsync(api);
        await using var host = new RegistryTestHost(VendorSettings.For(Server.Registry, RegistryKind.Ghcr, stub.BaseUri));

        var results = await host.Client.ResolveManyAsync(references, Cancel);

        Assert.All(references, r => Assert.Null(((ResolveResult.Found)results[r]).PushedAt));
        Assert.Empty(stub.Requests);
    }

    [Theory]
    [InlineData("refused token")]
    [InlineData("garbage")]
    [InlineData("503")]
    public async Task A_refused_token_or_a_failing_api_costs_push_times_never_digests_and_never_shows_the_token(string what)
    {
        var (owner, package, image, references) = await PackageAsync();
        var api = new GhcrPackagesApi(what == "refused token" ? "ghp_the-token-github-knows" : Token) { Body = what == "garbage" ? "{\"message\": \"Bad credentials\"}" : null };
        api.Add("orgs", owner, package, image.Digest, Created, "1");
        await using var stub = await VendorStub.StartAsync(api);
        stub.Fault = what == "503" ? new VendorFault(503) : null;
        await using var host = new RegistryTestHost(VendorSettings.For(Server.Registry, RegistryKind.Ghcr, stub.BaseUri, Token));

        var results = await host.Client.ResolveManyAsync(references, Cancel);

        Assert.All(references, r => Assert.Equal((image.Digest, (DateTimeOffset?)null), (((ResolveResult.Found)results[r]).Digest, ((ResolveResult.Found)results[r]).PushedAt)));
        Assert.Contains(host.Observer.Requests, r => r.Method == "GET" && r.Outcome == what switch
        {
            "refused token" => RegistryRequestOutcome.Unauthorized,
            "garbage" => RegistryRequestOutcome.InvalidResponse,
            _ => RegistryRequestOutcome.ServerError,
        });
        Assert.DoesNotContain(host.Logs.Lines, line => line.Contains(Token, StringComparison.Ordinal));
    }

    /// <summary>A real repository <c>owner/package</c> with tags 1 and latest on one image.</summary>
    private async Task<(string Owner, string Package, PushedImage Image, List<ImageReference> References)> PackageAsync()
    {
        var (owner, package) = ($"acme{Guid.NewGuid():N}"[..12], $"app-{Guid.NewGuid():N}");
        var image = await Server.Pusher.PushImageAsync($"{owner}/{package}", "1", cancellationToken: Cancel);
        await Server.Pusher.TagAsync(image, "latest", Cancel);
        return (owner, package, image, [Server.Reference($"{owner}/{package}:1"), Server.Reference($"{owner}/{package}:latest")]);
    }
}
