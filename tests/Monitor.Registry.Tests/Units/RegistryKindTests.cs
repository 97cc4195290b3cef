using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Monitor.Registry.Configuration;
using Monitor.Registry.Tests.Support;

namespace Monitor.Registry.Tests.Units;

/// <summary>Which registry is which: by host name, overridden per configured host.</summary>
public sealed class RegistryKindTests
{
    [Theory]
    [InlineData("docker.io", RegistryKind.DockerHub)]
    [InlineData("index.docker.io", RegistryKind.DockerHub)]
    [InlineData("gcr.io", RegistryKind.Gcr)]
    [InlineData("eu.gcr.io", RegistryKind.Gcr)]
    [InlineData("europe-west1-docker.pkg.dev", RegistryKind.Gcr)]
    [InlineData("us-docker.pkg.dev:443", RegistryKind.Gcr)]
    [InlineData("quay.io", RegistryKind.Quay)]
    [InlineData("QUAY.IO", RegistryKind.Quay)]
    [InlineData("cgr.dev", RegistryKind.Chainguard)]
    [InlineData("mcr.microsoft.com", RegistryKind.Mcr)]
    [InlineData("ghcr.io", RegistryKind.Ghcr)]
    [InlineData("registry.gitlab.com", RegistryKind.Generic)]
    [InlineData("notgcr.io", RegistryKind.Generic)]
    [InlineData("docker.pkg.dev", RegistryKind.Generic)]
    [InlineData("127.0.0.1:5000", RegistryKind.Generic)]
    public void Kind_is_known_by_host_name(string host, RegistryKind kind) => Assert.Equal(kind, RegistryKinds.ByHost(host));

    [Fact]
    public async Task A_configured_host_can_play_any_kind()
    {
        await using var host = new RegistryTestHost(new Dictionary<string, string?>
        {
            ["Registries:Hosts:stub:Host"] = "127.0.0.1:5000",
            ["Registries:Hosts:stub:Kind"] = "quay",
            ["Registries:Hosts:ghcr.io:Kind"] = "Generic",
        });
        var settings = host.Services.GetRequiredService<RegistrySettings>();

        Assert.Equal(RegistryKind.Quay, settings.KindOf("127.0.0.1:5000"));
        Assert.Equal(RegistryKind.Generic, settings.KindOf("ghcr.io"));
        Assert.Equal(RegistryKind.Gcr, settings.KindOf("gcr.io"));
        Assert.Equal(new Uri("http://127.0.0.1:5000/"), settings.ApiBaseUri("127.0.0.1:5000"));
    }

    [Fact]
    public async Task Vendor_api_base_defaults_to_the_registry_and_to_github_for_ghcr()
    {
        await using var host = new RegistryTestHost(new Dictionary<string, string?>
        {
            ["Registries:Hosts:ghes:Host"] = "containers.example.com",
            ["Registries:Hosts:ghes:Kind"] = "Ghcr",
            ["Registries:Hosts:ghes:ApiBaseUrl"] = "https://example.com/api/v3/",
        });
        var settings = host.Services.GetRequiredService<RegistrySettings>();

        Assert.Equal(new Uri("https://quay.io/"), settings.ApiBaseUri("quay.io"));
        Assert.Equal(new Uri("https://mcr.microsoft.com/"), settings.ApiBaseUri("mcr.microsoft.com"));
        Assert.Equal(new Uri("https://api.github.com/"), settings.ApiBaseUri("ghcr.io"));
        Assert.Equal(new Uri("https://example.com/api/v3/"), settings.ApiBaseUri("containers.example.com"));
    }

    [Fact]
    public async Task Broken_vendor_settings_fail_at_start_naming_the_key_and_never_the_token()
    {
        await using var host = new RegistryTestHost(new Dictionary<string, string?>
        {
            ["Registries:Hosts:quay.io:ApiToken"] = "ghp_secret-token-value",
            ["Registries:Hosts:ghcr.io:ApiBaseUrl"] = "ftp://api.example.com/",
            ["Registries:Quay:MaxPages"] = "0",
            ["Registries:MaxHistoryPages"] = "-1",
        });

        var exception = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<RegistryOptions>>().Value);

        Assert.Contains(exception.Failures, f => f.Contains("Registries:Hosts:quay.io:ApiToken is only used for GHCR", StringComparison.Ordinal));
        Assert.Contains(exception.Failures, f => f.Contains("Registries:Hosts:ghcr.io:ApiBaseUrl must be an absolute http(s) URL", StringComparison.Ordinal));
        Assert.Contains(exception.Failures, f => f.Contains("Registries:Quay:MaxPages must be positive", StringComparison.Ordinal));
        Assert.Contains(exception.Failures, f => f.Contains("Registries:MaxHistoryPages must be positive", StringComparison.Ordinal));
        Assert.DoesNotContain("ghp_secret-token-value", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_settings_never_show_the_api_token()
    {
        var options = new RegistryHostOptions { Host = "ghcr.io", ApiToken = "ghp_secret-token-value", Kind = RegistryKind.Ghcr };

        Assert.DoesNotContain("ghp_secret", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("apiToken=***", options.ToString(), StringComparison.Ordinal);
    }
}
