using Microsoft.Extensions.Time.Testing;
using Monitor.Core.References;
using Monitor.Registry.Client;
using Monitor.Registry.Tests.Support;

namespace Monitor.Registry.Tests.Faults;

/// <summary>Token lifetimes (expires_in, issued_at, default 60 s) against a fake clock.</summary>
public sealed class TokenLifecycleTests
{
    private static readonly DateTimeOffset Start = new(2026, 2, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly ImageReference Reference = ImageReference.Parse("tokens.test/team/app:1");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Token_is_refreshed_shortly_before_it_expires()
    {
        var clock = new FakeTimeProvider(Start);
        var (stub, _) = StubTokenRegistry(clock, expiresIn: 60, issuedAgo: null);
        await using var host = new RegistryTestHost(primaryHandler: stub, time: clock);

        await ResolveAsync(host);
        clock.Advance(TimeSpan.FromSeconds(50));
        await ResolveAsync(host);
        Assert.Equal(1, stub.CountHost("auth.test"));

        // 60 s tokens are refreshed 6 s early.
        clock.Advance(TimeSpan.FromSeconds(5));
        await ResolveAsync(host);
        Assert.Equal(2, stub.CountHost("auth.test"));
    }

    [Fact]
    public async Task Issued_at_shortens_the_remaining_life()
    {
        var clock = new FakeTimeProvider(Start);
        var (stub, _) = StubTokenRegistry(clock, expiresIn: 60, issuedAgo: TimeSpan.FromSeconds(50));
        await using var host = new RegistryTestHost(primaryHandler: stub, time: clock);

        await ResolveAsync(host);
        clock.Advance(TimeSpan.FromSeconds(5));
        await ResolveAsync(host);

        Assert.Equal(2, stub.CountHost("auth.test"));
    }

    [Fact]
    public async Task Missing_expires_in_means_sixty_seconds()
    {
        var clock = new FakeTimeProvider(Start);
        var (stub, _) = StubTokenRegistry(clock, expiresIn: null, issuedAgo: null);
        await using var host = new RegistryTestHost(primaryHandler: stub, time: clock);

        await ResolveAsync(host);
        clock.Advance(TimeSpan.FromSeconds(53));
        await ResolveAsync(host);
        Assert.Equal(1, stub.CountHost("auth.test"));
        clock.Advance(TimeSpan.FromSeconds(2));
        await ResolveAsync(host);
        Assert.Equal(2, stub.CountHost("auth.test"));
    }

    [Fact]
    public async Task Token_revoked_before_expiry_is_replaced_once()
    {
        var clock = new FakeTimeProvider(Start);
        var (stub, registry) = StubTokenRegistry(clock, expiresIn: 300, issuedAgo: null);
        await using var host = new RegistryTestHost(primaryHandler: stub, time: clock);

        await ResolveAsync(host);
        registry.RevokeAll();
        await ResolveAsync(host);

        Assert.Equal(2, stub.CountHost("auth.test"));
    }

    [Fact]
    public async Task Fifty_racing_callers_cause_one_token_fetch()
    {
        var clock = new FakeTimeProvider(Start);
        var (stub, _) = StubTokenRegistry(clock, expiresIn: 300, issuedAgo: null, tokenDelay: TimeSpan.FromMilliseconds(200));
        await using var host = new RegistryTestHost(
            new Dictionary<string, string?> { ["Registries:MaxConcurrency"] = "50", ["Registries:RequestsPerSecond"] = "1000" },
            stub, clock);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => host.Client.ResolveAsync(Reference, Cancel)));

        Assert.All(results, r => Assert.IsType<ResolveResult.Found>(r));
        Assert.Equal(1, stub.CountHost("auth.test"));
        Assert.True(stub.CountHost("tokens.test") >= 50);
    }

    [Fact]
    public async Task Token_request_names_service_and_scope_of_the_challenge()
    {
        var clock = new FakeTimeProvider(Start);
        var (stub, _) = StubTokenRegistry(clock, expiresIn: 300, issuedAgo: null);
        await using var host = new RegistryTestHost(primaryHandler: stub, time: clock);

        await ResolveAsync(host);

        var token = stub.Requests.Single(r => r.Uri.Host == "auth.test");
        Assert.Equal("?service=tokens.test&scope=repository%3Ateam%2Fapp%3Apull", token.Uri.Query);
        Assert.Null(token.Authorization);
    }

    private static async Task ResolveAsync(RegistryTestHost host) =>
        Assert.IsType<ResolveResult.Found>(await host.Client.ResolveAsync(Reference, Cancel));

    /// <summary>A registry that wants a Bearer token from auth.test, and the token service.</summary>
    private static (StubHandler Stub, TokenRegistry Registry) StubTokenRegistry(TimeProvider clock, int? expiresIn, TimeSpan? issuedAgo, TimeSpan? tokenDelay = null)
    {
        var registry = new TokenRegistry();
        var digest = Responses.RandomDigest();
        var stub = new StubHandler(async (request, ct) =>
        {
            if (request.RequestUri!.Host == "auth.test")
            {
                if (tokenDelay is { } delay)
                {
                    await Task.Delay(delay, ct);
                }

                var token = registry.Issue();
                var now = clock.GetUtcNow();
                return Responses.Json(new Dictionary<string, object?>
                {
                    ["token"] = token,
                    ["expires_in"] = expiresIn,
                    ["issued_at"] = issuedAgo is null ? null : (now - issuedAgo.Value).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                });
            }

            return registry.Accepts(request.Headers.Authorization?.Parameter)
                ? Responses.ManifestHead(digest)
                : Responses.Challenge("Bearer realm=\"https://auth.test/token\",service=\"tokens.test\",scope=\"repository:team/app:pull\"");
        });
        return (stub, registry);
    }

    private sealed class TokenRegistry
    {
        private readonly HashSet<string> valid = [];
        private int issued;

        public string Issue()
        {
            lock (valid)
            {
                var token = $"token-{++issued}";
                valid.Add(token);
                return token;
            }
        }

        public bool Accepts(string? token)
        {
            lock (valid)
            {
                return token is not null && valid.Contains(token);
            }
        }

        public void RevokeAll()
        {
            lock (valid)
            {
                valid.Clear();
            }
        }
    }
}
