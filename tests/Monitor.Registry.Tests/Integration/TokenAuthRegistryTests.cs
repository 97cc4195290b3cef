using Microsoft.Extensions.Time.Testing;
using Monitor.Core.References;
using Monitor.Registry.Client;
using Monitor.Registry.Observability;
using Monitor.Registry.Tests.Support;
using Monitor.Testing.Registry;

namespace Monitor.Registry.Tests.Integration;

/// <summary>The client against a real registry with <c>auth: token</c> and the in-test token issuer.</summary>
public sealed class TokenAuthRegistryTests(TokenAuthRegistryServerFixture fixture, ITestOutputHelper output) : IClassFixture<TokenAuthRegistryServerFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private RegistryServer Server => fixture.Server;

    private TokenIssuer Issuer => Server.Issuer!;

    [Fact]
    public async Task Anonymous_token_opens_a_token_auth_registry()
    {
        var pushed = await Server.Pusher.PushIndexAsync("token/app", "1", [PlatformSpec.LinuxAmd64], withAttestation: true, cancellationToken: Cancel);
        await using var host = new RegistryTestHost();
        var before = Issuer.RequestCount;

        var resolved = await host.Client.ResolveAsync(Server.Reference("token/app:1"), Cancel);
        var platforms = await host.Client.GetPlatformsAsync(Server.Reference("token/app:1"), pushed.Digest, Cancel);

        Assert.Equal(pushed.Digest, Assert.IsType<ResolveResult.Found>(resolved).Digest);
        Assert.Equal(["linux/amd64"], Assert.IsType<PlatformsResult.Found>(platforms).Platforms.Select(p => p.Platform));
        Assert.Equal(before + 1, Issuer.RequestCount);
        var request = Issuer.Requests[^1];
        Assert.Equal(Issuer.Service, request.Service);
        Assert.Equal(["repository:token/app:pull"], request.Scopes);
        Assert.False(request.Authenticated);
        Assert.Equal(await Skopeo.RawManifestDigestAsync($"{Server.Registry}/token/app:1", cancellationToken: Cancel), pushed.Digest);
    }

    [Fact]
    public async Task Token_is_fetched_once_and_reused_across_many_requests()
    {
        var pushed = await Server.Pusher.PushImageAsync("token/reuse", "1", cancellationToken: Cancel);
        await using var host = new RegistryTestHost();
        var before = Issuer.RequestCount;

        for (var i = 0; i < 20; i++)
        {
            Assert.IsType<ResolveResult.Found>(await host.Client.ResolveAsync(Server.Reference("token/reuse:1"), Cancel));
        }

        Assert.IsType<PlatformsResult.Found>(await host.Client.GetPlatformsAsync(Server.Reference("token/reuse:1"), pushed.Digest, Cancel));
        Assert.IsType<TagListResult.Found>(await host.Client.ListTagsAsync(Server.Reference("token/reuse"), Cancel));

        var fetched = Issuer.RequestCount - before;
        output.WriteLine($"23 registry reads, {fetched} token request(s)");
        Assert.Equal(1, fetched);
    }

    [Fact]
    public async Task Fifty_concurrent_callers_share_one_token_fetch()
    {
        await Server.Pusher.PushImageAsync("token/race", "1", cancellationToken: Cancel);
        await using var host = new RegistryTestHost();
        var before = Issuer.RequestCount;

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => host.Client.ResolveAsync(Server.Reference("token/race:1"), Cancel)));

        Assert.All(results, r => Assert.IsType<ResolveResult.Found>(r));
        Assert.Equal(1, Issuer.RequestCount - before);
    }

    [Fact]
    public async Task Expired_token_is_replaced_by_a_fresh_one()
    {
        await Server.Pusher.PushImageAsync("token/expiry", "1", cancellationToken: Cancel);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = new RegistryTestHost(time: clock);
        var before = Issuer.RequestCount;

        Assert.IsType<ResolveResult.Found>(await host.Client.ResolveAsync(Server.Reference("token/expiry:1"), Cancel));
        clock.Advance(Server.Options.TokenLifetime + TimeSpan.FromSeconds(1));
        Assert.IsType<ResolveResult.Found>(await host.Client.ResolveAsync(Server.Reference("token/expiry:1"), Cancel));

        Assert.Equal(2, Issuer.RequestCount - before);
    }

    [Fact]
    public async Task Configured_credentials_are_presented_to_the_token_service()
    {
        await Server.Pusher.PushImageAsync("token/private", "1", cancellationToken: Cancel);
        await using var host = new RegistryTestHost(Credentials(Server.Options.Password));

        Assert.IsType<ResolveResult.Found>(await host.Client.ResolveAsync(Server.Reference("token/private:1"), Cancel));

        var request = Issuer.Requests[^1];
        Assert.True(request.Authenticated);
        Assert.Equal(Server.Options.Username, request.Account);
    }

    [Fact]
    public async Task Credentials_refused_by_the_token_service_fail_as_unauthorized_without_the_password()
    {
        const string WrongPassword = "wrong-pass-for-token-service";
        await using var host = new RegistryTestHost(Credentials(WrongPassword));

        var result = await host.Client.ResolveAsync(Server.Reference("token/app:1"), Cancel);

        var failure = Assert.IsType<ResolveResult.Failed>(result).Failure;
        Assert.Equal(RegistryRequestOutcome.Unauthorized, failure.Kind);
        Assert.Contains($"refused the credentials of user {Server.Options.Username}", failure.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongPassword, failure.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logs.Lines, line => line.Contains(WrongPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Token_the_registry_refuses_after_a_refresh_is_a_clear_auth_failure()
    {
        await Server.Pusher.PushImageAsync("token/denied", "1", cancellationToken: Cancel);
        await using var host = new RegistryTestHost();
        Issuer.GrantNothing = true;
        try
        {
            var result = await host.Client.ResolveAsync(Server.Reference("token/denied:1"), Cancel);

            var failure = Assert.IsType<ResolveResult.Failed>(result).Failure;
            Assert.Equal(RegistryRequestOutcome.Unauthorized, failure.Kind);
            Assert.Contains("refused a freshly issued token", failure.Reason, StringComparison.Ordinal);
        }
        finally
        {
            Issuer.GrantNothing = false;
        }
    }

    [Fact]
    public async Task Tokens_are_cached_per_repository_scope()
    {
        await Server.Pusher.PushImageAsync("token/scope-a", "1", cancellationToken: Cancel);
        await Server.Pusher.PushImageAsync("token/scope-b", "1", cancellationToken: Cancel);
        await using var host = new RegistryTestHost();
        var before = Issuer.RequestCount;

        foreach (var reference in new[] { "token/scope-a:1", "token/scope-b:1", "token/scope-a:1", "token/scope-b:1" })
        {
            Assert.IsType<ResolveResult.Found>(await host.Client.ResolveAsync(ImageReference.Parse($"{Server.Registry}/{reference}"), Cancel));
        }

        Assert.Equal(2, Issuer.RequestCount - before);
        Assert.Equal(["repository:token/scope-a:pull", "repository:token/scope-b:pull"], Issuer.Requests.Skip(before).Select(r => r.Scopes.Single()));
    }

    private Dictionary<string, string?> Credentials(string password) => new()
    {
        ["Registries:Hosts:test:Host"] = Server.Registry,
        ["Registries:Hosts:test:Username"] = Server.Options.Username,
        ["Registries:Hosts:test:Password"] = password,
    };
}
