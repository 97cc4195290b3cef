using System.Text;
using System.Text.Json;
using Monitor.Registry.Client;
using Monitor.Registry.Observability;
using Monitor.Registry.Tests.Support;
using Monitor.Testing.Registry;

namespace Monitor.Registry.Tests.Integration;

/// <summary>The client against a real registry behind htpasswd Basic auth.</summary>
public sealed class BasicAuthRegistryTests(BasicAuthRegistryServerFixture fixture) : IClassFixture<BasicAuthRegistryServerFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private RegistryServer Server => fixture.Server;

    [Fact]
    public async Task Configured_credentials_open_a_basic_auth_registry()
    {
        var pushed = await Server.Pusher.PushIndexAsync("basic/app", "1", [PlatformSpec.LinuxAmd64, PlatformSpec.LinuxArm64], cancellationToken: Cancel);
        await using var host = new RegistryTestHost(Credentials(Server.Options.Password));

        var result = await host.Client.ResolveAsync(Server.Reference("basic/app:1"), Cancel);

        var found = Assert.IsType<ResolveResult.Found>(result);
        Assert.Equal(pushed.Digest, found.Digest);
        var skopeo = await Skopeo.RawManifestDigestAsync($"{Server.Registry}/basic/app:1", $"{Server.Options.Username}:{Server.Options.Password}", Cancel);
        Assert.Equal(skopeo, found.Digest);
    }

    [Fact]
    public async Task Credentials_are_sent_up_front_once_the_challenge_is_known()
    {
        await Server.Pusher.PushImageAsync("basic/upfront", "1", cancellationToken: Cancel);
        await using var host = new RegistryTestHost(Credentials(Server.Options.Password));

        for (var i = 0; i < 5; i++)
        {
            Assert.IsType<ResolveResult.Found>(await host.Client.ResolveAsync(Server.Reference("basic/upfront:1"), Cancel));
        }

        // Only the very first request met a 401 (visible to the auth handler, not as an outcome): all five succeeded.
        Assert.Equal(5, host.Observer.Requests.Count(r => r.Outcome == RegistryRequestOutcome.Ok));
    }

    [Fact]
    public async Task Missing_credentials_fail_as_unauthorized_with_a_clear_reason()
    {
        await using var host = new RegistryTestHost();

        var result = await host.Client.ResolveAsync(Server.Reference("basic/app:1"), Cancel);

        var failure = Assert.IsType<ResolveResult.Failed>(result).Failure;
        Assert.Equal(RegistryRequestOutcome.Unauthorized, failure.Kind);
        Assert.Contains("requires a login and no credentials are configured", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_fails_as_unauthorized_without_echoing_it()
    {
        const string WrongPassword = "not-the-password-42";
        await using var host = new RegistryTestHost(Credentials(WrongPassword));

        var result = await host.Client.ResolveAsync(Server.Reference("basic/app:1"), Cancel);

        var failure = Assert.IsType<ResolveResult.Failed>(result).Failure;
        Assert.Equal(RegistryRequestOutcome.Unauthorized, failure.Kind);
        Assert.Contains("refused the configured credentials", failure.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongPassword, failure.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logs.Lines, line => line.Contains(WrongPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Credentials_come_from_a_docker_config_file()
    {
        var pushed = await Server.Pusher.PushImageAsync("basic/dockerconfig", "1", cancellationToken: Cancel);
        var path = Path.Combine(Path.GetTempPath(), $"monitor-docker-config-{Guid.NewGuid():N}.json");
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Server.Options.Username}:{Server.Options.Password}"));
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new { auths = new Dictionary<string, object> { [Server.Registry] = new { auth } } }), Cancel);
        try
        {
            await using var host = new RegistryTestHost(new Dictionary<string, string?> { ["Registries:DockerConfigPath"] = path });

            var result = await host.Client.ResolveAsync(Server.Reference("basic/dockerconfig:1"), Cancel);

            Assert.Equal(pushed.Digest, Assert.IsType<ResolveResult.Found>(result).Digest);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private Dictionary<string, string?> Credentials(string password) => new()
    {
        // A host with a port cannot be a configuration key (':' separates sections): name it with Host.
        ["Registries:Hosts:test:Host"] = Server.Registry,
        ["Registries:Hosts:test:Username"] = Server.Options.Username,
        ["Registries:Hosts:test:Password"] = password,
    };
}
