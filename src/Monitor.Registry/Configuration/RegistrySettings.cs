using Microsoft.Extensions.Options;
using Monitor.Core.References;

namespace Monitor.Registry.Configuration;

/// <summary>Looks up the effective settings of a registry from <see cref="RegistryOptions"/>.</summary>
internal sealed class RegistrySettings(IOptionsMonitor<RegistryOptions> options)
{
    private static readonly Uri GitHubApi = new("https://api.github.com/");

    public RegistryOptions Options => options.CurrentValue;

    public RegistryHostOptions? Find(string registry)
    {
        var wanted = RegistryHostNames.Normalise(registry);
        foreach (var (key, host) in Options.Hosts)
        {
            if (RegistryHostNames.Normalise(host.Host ?? key) == wanted)
            {
                return host;
            }
        }

        return null;
    }

    public RegistryEndpoint Endpoint(string registry)
    {
        var wanted = RegistryHostNames.Normalise(registry);
        var insecure = Options.Insecure.Any(host => RegistryHostNames.Normalise(host) == wanted) || (Find(registry)?.Insecure ?? false);
        return RegistryEndpoint.For(registry, insecure ? [registry] : null);
    }

    /// <summary>Which registry this is: the configured <see cref="RegistryHostOptions.Kind"/>, else by host name.</summary>
    public RegistryKind KindOf(string registry) => Find(registry)?.Kind ?? RegistryKinds.ByHost(registry);

    /// <summary>Where the registry's own web API answers (Quay's tag API, MCR's catalog, GitHub's REST API for GHCR).</summary>
    public Uri ApiBaseUri(string registry) =>
        Find(registry)?.ApiBaseUrl ?? (KindOf(registry) == RegistryKind.Ghcr ? GitHubApi : Endpoint(registry).BaseUri);

    /// <summary>The configured vendor API token (GHCR); null when none.</summary>
    public string? ApiToken(string registry) => Find(registry)?.ApiToken is { Length: > 0 } token ? token : null;

    /// <summary>Concurrency and request rate for a host (a registry, its API host, or a token realm host).</summary>
    public (int MaxConcurrency, double RequestsPerSecond) LimitsFor(string host)
    {
        var options = Options;
        var isDockerHub = RegistryHostNames.IsDockerHub(host) || string.Equals(host, RegistryHostNames.DockerHubApi, StringComparison.OrdinalIgnoreCase);
        var configured = Find(host);
        var concurrency = configured?.MaxConcurrency ?? (isDockerHub ? options.DockerHub.MaxConcurrency : options.MaxConcurrency);
        var rate = configured?.RequestsPerSecond ?? (isDockerHub ? options.DockerHub.RequestsPerSecond : options.RequestsPerSecond);
        return (concurrency, rate);
    }
}
