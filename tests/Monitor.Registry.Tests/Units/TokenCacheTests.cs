using Microsoft.Extensions.Time.Testing;
using Monitor.Registry.Auth;

namespace Monitor.Registry.Tests.Units;

public sealed class TokenCacheTests
{
    private static readonly TokenKey Key = new("ghcr.io", "https://ghcr.io/token", "ghcr.io", "repository:a/b:pull");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Token_is_reused_until_its_refresh_time()
    {
        var clock = new FakeTimeProvider();
        var cache = new TokenCache(clock);
        var fetches = 0;
        Task<CachedToken> Fetch(CancellationToken _) => Task.FromResult(
            new CachedToken($"t{++fetches}", clock.GetUtcNow().AddSeconds(60), clock.GetUtcNow().AddSeconds(54)));

        var first = await cache.GetAsync(Key, Fetch, null, Cancel);
        clock.Advance(TimeSpan.FromSeconds(53));
        var second = await cache.GetAsync(Key, Fetch, null, Cancel);
        clock.Advance(TimeSpan.FromSeconds(1));
        var third = await cache.GetAsync(Key, Fetch, null, Cancel);

        Assert.Equal(["t1", "t1", "t2"], new[] { first.Value, second.Value, third.Value });
    }

    [Fact]
    public async Task Rejected_token_is_replaced_but_only_once_for_many_callers()
    {
        var clock = new FakeTimeProvider();
        var cache = new TokenCache(clock);
        var fetches = 0;
        async Task<CachedToken> Fetch(CancellationToken ct)
        {
            await Task.Delay(50, ct);
            return new CachedToken($"t{Interlocked.Increment(ref fetches)}", clock.GetUtcNow().AddHours(1), clock.GetUtcNow().AddMinutes(59));
        }

        var old = await cache.GetAsync(Key, Fetch, null, Cancel);
        var replacements = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => cache.GetAsync(Key, Fetch, old.Value, Cancel)));

        Assert.All(replacements, t => Assert.Equal("t2", t.Value));
        Assert.Equal(2, fetches);
    }

    [Fact]
    public async Task Different_scopes_get_different_tokens()
    {
        var cache = new TokenCache(new FakeTimeProvider());
        var fetches = 0;
        Task<CachedToken> Fetch(CancellationToken _) => Task.FromResult(new CachedToken($"t{++fetches}", DateTimeOffset.MaxValue, DateTimeOffset.MaxValue));

        var a = await cache.GetAsync(Key, Fetch, null, Cancel);
        var b = await cache.GetAsync(Key with { Scope = "repository:c/d:pull" }, Fetch, null, Cancel);

        Assert.NotEqual(a.Value, b.Value);
    }

    [Fact]
    public async Task Failed_fetch_is_not_cached()
    {
        var cache = new TokenCache(new FakeTimeProvider());
        var attempts = 0;
        Task<CachedToken> Fetch(CancellationToken _) => ++attempts == 1
            ? throw new RegistryAuthException("token service down")
            : Task.FromResult(new CachedToken("ok", DateTimeOffset.MaxValue, DateTimeOffset.MaxValue));

        await Assert.ThrowsAsync<RegistryAuthException>(() => cache.GetAsync(Key, Fetch, null, Cancel));
        Assert.Equal("ok", (await cache.GetAsync(Key, Fetch, null, Cancel)).Value);
    }
}
