using System.Net;

namespace Monitor.Core.References;

/// <summary>Where the OCI distribution API of a registry answers, and whether it is spoken over plain HTTP.</summary>
public sealed record RegistryEndpoint
{
    /// <summary>Docker Hub's registry API host (<c>docker.io</c> is only its name).</summary>
    public const string DockerHubApiHost = "registry-1.docker.io";

    private RegistryEndpoint(string registry, string apiHost, bool usePlainHttp)
    {
        Registry = registry;
        ApiHost = apiHost;
        UsePlainHttp = usePlainHttp;
        BaseUri = new Uri($"{(usePlainHttp ? "http" : "https")}://{apiHost}/");
    }

    /// <summary>The normalised registry name, as in <see cref="ImageReference.Registry"/>.</summary>
    public string Registry { get; }

    /// <summary>Host and optional port of the API: <c>registry-1.docker.io</c> for <c>docker.io</c>, else the registry itself.</summary>
    public string ApiHost { get; }

    /// <summary>True for loopback registries and registries configured as insecure.</summary>
    public bool UsePlainHttp { get; }

    /// <summary><c>https://ghcr.io/</c>, <c>http://127.0.0.1:5000/</c>.</summary>
    public Uri BaseUri { get; }

    /// <param name="registry">A normalised registry name (<see cref="ImageReference.Registry"/>).</param>
    /// <param name="insecureRegistries">Registries to reach over plain HTTP although they are not on loopback.</param>
    public static RegistryEndpoint For(string registry, IEnumerable<string>? insecureRegistries = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(registry);
        var apiHost = registry == ImageReference.DockerHub ? DockerHubApiHost : registry;
        var insecure = insecureRegistries?.Any(r => string.Equals(r, registry, StringComparison.OrdinalIgnoreCase)) ?? false;
        return new RegistryEndpoint(registry, apiHost, insecure || IsLoopback(registry));
    }

    /// <summary><c>localhost</c>, <c>127.0.0.0/8</c> or <c>[::1]</c>, with or without a port.</summary>
    public static bool IsLoopback(string registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var host = RegistryName.Host(registry);
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address) && LooksLikeAnAddress(host));
    }

    /// <summary>IPAddress.TryParse also accepts shorthand such as "127.1"; only dotted quads and IPv6 count.</summary>
    private static bool LooksLikeAnAddress(string host) =>
        host.Contains(':', StringComparison.Ordinal) || host.Count(c => c == '.') == 3;
}
