using Monitor.Core.References;
using Monitor.Registry.Client;
using Monitor.Registry.Configuration;
using Monitor.Registry.Observability;
using Monitor.Registry.Tests.Support;
using Monitor.Testing.Registry;
using Monitor.Testing.Registry.Vendors;

namespace Monitor.Registry.Tests.Vendors;

/// <summary>MCR: digests from HEAD on a real registry playing mcr.microsoft.com, push times from a stub of its catalog.</summary>
public sealed class McrCatalogTests(RegistryServerFixture registry) : IClassFixture<RegistryServerFixture>
{
    private static readonly DateTimeOffset Modified = DateTimeOffset.UtcNow.AddDays(-90).AddTicks(-(DateTimeOffset.UtcNow.Ticks % TimeSpan.TicksPerMillisecond));

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private RegistryServer Server => registry.Server;

    [Fact]
    public async Task Push_times_come_from_catalog_entries_that_name_the_tags_current_digest()
    {
        var (repository, current, stale, references) = await RepositoryAsync();
        var api = new McrCatalogApi();
        api.Add(repository, "9.0", current.Digest, Modified, "linux/amd64", "linux/arm64");
        api.Add(repository, "9.0", current.Digest, Modified.AddDays(-2), "windows/amd64");
        // The catalog still names 8.0's previous digest: its date is not the current digest's push time.
        api.Add(repository, "8.0", stale, Modified);
        await using var stub = await VendorStub.StartAsync(api);
        await using var host = new RegistryTestHost(VendorSettings.For(Server.Registry, RegistryKind.Mcr, stub.BaseUri));

        var results = await host.Client.ResolveManyAsync(references, Cancel);

        var found = references.Select(r => Assert.IsType<ResolveResult.Found>(results[r])).ToList();
        Assert.All(found, f => Assert.Equal(current.Digest, f.Digest));
        Assert.Equal([Modified, null, null], found.Select(f => f.PushedAt));
        Assert.All(found, f => Assert.NotNull(f.Timing));
        var catalog = Assert.Single(stub.Requests);
        Assert.Equal(($"/api/v1/catalog/{repository}/tags", "?reg=mar"), (catalog.Path, catalog.Query));
        Assert.Equal(3, host.Observer.Requests.Count(r => r.Method == "HEAD"));
    }

    public static TheoryData<VendorFault?, string?> Failures => new()
    {
        { new VendorFault(503), null },
        { new VendorFault(429, RetryAfter: "3600"), null },
        { new VendorFault(404), null },
        { null, "<html>sign in</html>" },
        { null, """{"tags": []}""" },
        { null, "[{\"name\": \"9.0\", \"digest\": \"sha256:x\", \"lastModifiedDate\": \"2024-01-01T00:00:00Z\"}, 17]" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_failing_or_hostile_catalog_costs_push_times_never_digests(VendorFault? fault, string? body)
    {
        var (repository, current, _, references) = await RepositoryAsync();
        var api = new McrCatalogApi { Body = body };
        api.Add(repository, "9.0", current.Digest, Modified);
        await using var stub = await VendorStub.StartAsync(api);
        stub.Fault = fault;
        await using var host = new RegistryTestHost(VendorSettings.For(Server.Registry, RegistryKind.Mcr, stub.BaseUri));

        var results = await host.Client.ResolveManyAsync(references, Cancel);

        Assert.All(references, r => Assert.Equal((current.Digest, (DateTimeOffset?)null), (((ResolveResult.Found)results[r]).Digest, ((ResolveResult.Found)results[r]).PushedAt)));
        Assert.NotEqual(RegistryRequestOutcome.Ok, Assert.Single(host.Observer.Requests, r => r.Method == "GET").Outcome);
    }

    [Theory]
    [InlineData("future")]
    [InlineData("1970")]
    [InlineData("garbage")]
    public async Task An_impossible_date_is_no_push_time(string date)
    {
        var (repository, current, _, references) = await RepositoryAsync();
        var api = new McrCatalogApi
        {
            Body = $$"""[{"name": "9.0", "digest": "{{current.Digest}}", "lastModifiedDate": "{{date switch { "future" => DateTimeOffset.UtcNow.AddDays(1).ToString("O"), "1970" => "1970-01-01T00:00:00Z", _ => "last Tuesday" }}}"}]""",
        };
        api.Add(repository, "9.0", current.Digest, Modified);
        await using var stub = await VendorStub.StartAsync(api);
        await using var host = new RegistryTestHost(VendorSettings.For(Server.Registry, RegistryKind.Mcr, stub.BaseUri));

        var results = await host.Client.ResolveManyAsync(references, Cancel);

        Assert.Null(((ResolveResult.Found)results[references[0]]).PushedAt);
    }

    [Fact]
    public async Task A_switched_off_catalog_is_not_asked()
    {
        var (repository, current, _, references) = await RepositoryAsync();
        var api = new McrCatalogApi();
        api.Add(repository, "9.0", current.Digest, Modified);
        await using var stub = await VendorStub.StartAsync(api);
        await using var host = new RegistryTestHost(VendorSettings.For(Server.Registry, RegistryKind.Mcr, stub.BaseUri).With("Registries:Mcr:Enabled", "false"));

        var results = await host.Client.ResolveManyAsync(references, Cancel);

        Assert.All(references, r => Assert.Null(((ResolveResult.Found)results[r]).PushedAt));
        Assert.Empty(stub.Requests);
    }

    /// <summary>Tags 9.0, 8.0 and 7.0 on one real image; <c>Stale</c> is a digest none of them has.</summary>
    private async Task<(string Repository, PushedImage Current, Sha256Digest Stale, List<ImageReference> References)> RepositoryAsync()
    {
        var repository = $"dotnet/{Guid.NewGuid():N}";
        var image = await Server.Pusher.PushImageAsync(repository, "9.0", cancellationToken: Cancel);
        await Server.Pusher.TagAsync(image, "8.0", Cancel);
        await Server.Pusher.TagAsync(image, "7.0", Cancel);
        return (repository, image, Responses.RandomDigest(), [.. new[] { "9.0", "8.0", "7.0" }.Select(tag => Server.Reference($"{repository}:{tag}"))]);
    }
}
