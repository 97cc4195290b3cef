using Monitor.Core.References;

namespace Monitor.Registry.Configuration;

/// <summary>The several names Docker Hub goes by, folded into <c>docker.io</c>.</summary>
internal static class RegistryHostNames
{
    public const string DockerHubAuth = "auth.docker.io";
    public const string DockerHubApi = "hub.docker.com";

    private static readonly string[] DockerHubAliases =
        [ImageReference.DockerHub, "index.docker.io", RegistryEndpoint.DockerHubApiHost, DockerHubAuth];

    /// <summary><c>https://index.docker.io/v1/</c> → <c>docker.io</c>; <c>GHCR.io</c> → <c>ghcr.io</c>.</summary>
    public static string Normalise(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = host.Trim();
        var scheme = name.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            name = name[(scheme + 3)..];
        }

        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            name = name[..slash];
        }

        name = name.ToLowerInvariant();
        return IsDockerHub(name) ? ImageReference.DockerHub : name;
    }

    public static bool IsDockerHub(string host) =>
        DockerHubAliases.Contains(host, StringComparer.OrdinalIgnoreCase);
}
