using Monitor.Core.References;

namespace Monitor.Core.Tests.References;

/// <summary>Every spelling of a registry has one canonical form, or is refused; nothing is left for another parser to read differently.</summary>
public sealed class RegistryNameTests
{
    [Theory]
    [InlineData("gcr.io", "gcr.io")]
    [InlineData("GCR.IO", "gcr.io")]
    [InlineData("Registry.K8s.IO", "registry.k8s.io")]
    [InlineData("localhost:5000", "localhost:5000")]
    [InlineData("LOCALHOST:05000", "localhost:5000")]
    [InlineData("gcr.io:443", "gcr.io:443")]
    [InlineData("docker.io:5000", "docker.io:5000")]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("10.0.0.255:8080", "10.0.0.255:8080")]
    [InlineData("[::1]", "[::1]")]
    [InlineData("[0:0:0:0:0:0:0:1]:5000", "[::1]:5000")]
    [InlineData("[FC00::0:1]", "[fc00::1]")]
    [InlineData("[::ffff:7f00:1]", "127.0.0.1")]
    [InlineData("[::FFFF:7F00:1]:5000", "127.0.0.1:5000")]
    [InlineData("xn--n3h.com", "xn--n3h.com")]
    [InlineData("XN--N3H.com", "xn--n3h.com")]
    [InlineData("xn--80ak6aa92e.gcr.io", "xn--80ak6aa92e.gcr.io")]
    [InlineData("0x7f.example.com", "0x7f.example.com")]
    [InlineData("1.2.3.example", "1.2.3.example")]
    public void A_registry_has_one_canonical_form(string registry, string canonical)
    {
        Assert.True(RegistryName.TryCanonicalise(registry, out var result, out var error), error);

        Assert.Equal(canonical, result);
        Assert.True(RegistryName.TryCanonicalise(result, out var again, out _));
        Assert.Equal(result, again);
    }

    [Theory]
    [InlineData("gcr.io.", "is invalid")]
    [InlineData(".gcr.io", "is invalid")]
    [InlineData("gcr..io", "is invalid")]
    [InlineData("*.gcr.io", "is invalid")]
    [InlineData("gcr.io:", "is invalid")]
    [InlineData("gcr.io:0", "invalid port (0)")]
    [InlineData("gcr.io:65536", "invalid port (65536)")]
    [InlineData("gcr.io:4294967739", "invalid port (4294967739)")]
    [InlineData("0x7f.0.0.1", "reads as an IPv4 address")]
    [InlineData("0X7F.0.0.1", "reads as an IPv4 address")]
    [InlineData("2130706433", "reads as an IPv4 address")]
    [InlineData("0x7f000001", "reads as an IPv4 address")]
    [InlineData("127.1", "reads as an IPv4 address")]
    [InlineData("0177.0.0.1", "reads as an IPv4 address")]
    [InlineData("127.0.0.01", "reads as an IPv4 address")]
    [InlineData("127.0.0.256", "reads as an IPv4 address")]
    [InlineData("1.2.3.4.5", "reads as an IPv4 address")]
    [InlineData("evil.com.0x0", "reads as an IPv4 address")]
    [InlineData("[::ffff:127.0.0.1]", "is invalid")]
    [InlineData("[::127.0.0.1]", "is invalid")]
    [InlineData("[::7f00:1]", "IPv4-compatible")]
    [InlineData("[fe80::1%25eth0]", "is invalid")]
    [InlineData("[1:2:3:4:5:6:7:8:9]", "is not an IPv6 address")]
    [InlineData("[::1", "is invalid")]
    [InlineData("g\u0441r.io", "is not ASCII")]
    [InlineData("\u212Aube.gcr.io", "is not ASCII")]
    [InlineData("GCR.\u0130O", "is not ASCII")]
    [InlineData("\uFF47cr.io", "is not ASCII")]
    [InlineData("xn--zz.gcr.io", "(xn--zz) that is not valid punycode")]
    [InlineData("xn--a.io", "(xn--a) that is not valid punycode")]
    [InlineData("xn--gcr-.io", "is invalid")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.io", "too long")]
    public void A_spelling_another_parser_could_read_differently_is_refused(string registry, string message)
    {
        Assert.False(RegistryName.TryCanonicalise(registry, out var canonical, out var error));

        Assert.Null(canonical);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Contains($"({registry}", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ghcr.io", "ghcr.io")]
    [InlineData("localhost:5000", "localhost")]
    [InlineData("127.0.0.1:5000", "127.0.0.1")]
    [InlineData("[::1]:5000", "::1")]
    [InlineData("[::1]", "::1")]
    public void Host_drops_the_port_and_brackets(string registry, string host) =>
        Assert.Equal(host, RegistryName.Host(registry));
}
