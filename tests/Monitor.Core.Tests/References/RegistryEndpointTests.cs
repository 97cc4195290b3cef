using Monitor.Core.References;

namespace Monitor.Core.Tests.References;

public sealed class RegistryEndpointTests
{
    [Theory]
    [InlineData("docker.io", "registry-1.docker.io", false, "https://registry-1.docker.io/")]
    [InlineData("ghcr.io", "ghcr.io", false, "https://ghcr.io/")]
    [InlineData("registry.example.com:5000", "registry.example.com:5000", false, "https://registry.example.com:5000/")]
    [InlineData("10.0.0.1:5000", "10.0.0.1:5000", false, "https://10.0.0.1:5000/")]
    [InlineData("localhost", "localhost", true, "http://localhost/")]
    [InlineData("localhost:5000", "localhost:5000", true, "http://localhost:5000/")]
    [InlineData("LocalHost:5000", "LocalHost:5000", true, "http://localhost:5000/")]
    [InlineData("127.0.0.1:5000", "127.0.0.1:5000", true, "http://127.0.0.1:5000/")]
    [InlineData("127.8.9.10", "127.8.9.10", true, "http://127.8.9.10/")]
    [InlineData("[::1]:5000", "[::1]:5000", true, "http://[::1]:5000/")]
    [InlineData("[::1]", "[::1]", true, "http://[::1]/")]
    [InlineData("localhost.example.com", "localhost.example.com", false, "https://localhost.example.com/")]
    [InlineData("127.0.0.1.nip.io", "127.0.0.1.nip.io", false, "https://127.0.0.1.nip.io/")]
    [InlineData("[fc00::1]:5000", "[fc00::1]:5000", false, "https://[fc00::1]:5000/")]
    public void Endpoint_uses_plain_http_only_for_loopback(string registry, string apiHost, bool plainHttp, string baseUri)
    {
        var endpoint = RegistryEndpoint.For(registry);

        Assert.Equal(registry, endpoint.Registry);
        Assert.Equal(apiHost, endpoint.ApiHost);
        Assert.Equal(plainHttp, endpoint.UsePlainHttp);
        Assert.Equal(new Uri(baseUri), endpoint.BaseUri);
    }

    [Fact]
    public void Registry_configured_as_insecure_uses_plain_http()
    {
        var endpoint = RegistryEndpoint.For("registry.lan:5000", ["REGISTRY.LAN:5000"]);

        Assert.True(endpoint.UsePlainHttp);
        Assert.Equal(new Uri("http://registry.lan:5000/"), endpoint.BaseUri);
        Assert.False(RegistryEndpoint.For("registry.lan:5001", ["registry.lan:5000"]).UsePlainHttp);
    }

    [Fact]
    public void Endpoint_of_a_parsed_reference_follows_its_registry()
    {
        var reference = ImageReference.Parse("index.docker.io/python:3");
        Assert.Equal("registry-1.docker.io", RegistryEndpoint.For(reference.Registry).ApiHost);
    }
}
