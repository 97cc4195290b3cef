using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Monitor.Core.References;
using Monitor.Registry.Configuration;
using Monitor.Registry.Tests.Support;

namespace Monitor.Registry.Tests.Units;

public sealed class RegistryOptionsTests
{
    [Fact]
    public async Task Defaults_are_valid_and_polite()
    {
        await using var host = new RegistryTestHost();

        var options = host.Services.GetRequiredService<IOptions<RegistryOptions>>().Value;

        Assert.Equal(8, options.MaxConcurrency);
        Assert.Equal(20, options.RequestsPerSecond);
        Assert.True(options.DockerHub.RequestsPerSecond < options.RequestsPerSecond);
        Assert.Equal(new Uri("https://hub.docker.com/"), options.DockerHub.ApiBaseUrl);
    }

    [Fact]
    public async Task Broken_configuration_fails_with_one_message_per_setting_and_no_password()
    {
        await using var host = new RegistryTestHost(new Dictionary<string, string?>
        {
            ["Registries:MaxConcurrency"] = "0",
            ["Registries:DockerHub:PageSize"] = "500",
            ["Registries:Hosts:ghcr.io:Password"] = "only-a-password",
            ["Registries:Hosts:bad_host!:Username"] = "u",
            ["Registries:Hosts:bad_host!:Password"] = "p",
            ["Registries:Insecure:0"] = "not a host",
        });

        var exception = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<RegistryOptions>>().Value);

        Assert.Contains(exception.Failures, f => f.Contains("Registries:MaxConcurrency must be positive", StringComparison.Ordinal));
        Assert.Contains(exception.Failures, f => f.Contains("Registries:DockerHub:PageSize", StringComparison.Ordinal));
        Assert.Contains(exception.Failures, f => f.Contains("Registries:Hosts:ghcr.io: Password is set but Username is empty", StringComparison.Ordinal));
        Assert.Contains(exception.Failures, f => f.Contains("'bad_host!' is not a registry host", StringComparison.Ordinal));
        Assert.Contains(exception.Failures, f => f.Contains("Registries:Insecure: 'not a host'", StringComparison.Ordinal));
        Assert.DoesNotContain("only-a-password", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Insecure_registries_and_host_entries_switch_to_plain_http()
    {
        await using var host = new RegistryTestHost(new Dictionary<string, string?>
        {
            ["Registries:Insecure:0"] = "registry.lan:5000",
            ["Registries:Hosts:other:Host"] = "other.lan",
            ["Registries:Hosts:other:Insecure"] = "true",
        });
        var settings = host.Services.GetRequiredService<RegistrySettings>();

        Assert.True(settings.Endpoint("registry.lan:5000").UsePlainHttp);
        Assert.True(settings.Endpoint("other.lan").UsePlainHttp);
        Assert.False(settings.Endpoint("ghcr.io").UsePlainHttp);
        Assert.Equal(new Uri("https://registry-1.docker.io/"), settings.Endpoint(ImageReference.DockerHub).BaseUri);
    }

    [Fact]
    public async Task Docker_hub_and_configured_hosts_get_their_own_limits()
    {
        await using var host = new RegistryTestHost(new Dictionary<string, string?>
        {
            ["Registries:Hosts:ghcr.io:MaxConcurrency"] = "2",
            ["Registries:Hosts:ghcr.io:RequestsPerSecond"] = "3.5",
        });
        var settings = host.Services.GetRequiredService<RegistrySettings>();

        Assert.Equal((4, 5.0), settings.LimitsFor("registry-1.docker.io"));
        Assert.Equal((4, 5.0), settings.LimitsFor("docker.io"));
        Assert.Equal((2, 3.5), settings.LimitsFor("ghcr.io"));
        Assert.Equal((8, 20.0), settings.LimitsFor("quay.io"));
    }
}
