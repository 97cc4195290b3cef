using Microsoft.Extensions.Options;
using Monitor.Core.References;

namespace Monitor.Registry.Configuration;

/// <summary>Looks up the effective settings of a registry from <see cref="RegistryOptions"/>.</summary>
internal sealed class RegistrySettings(IOptionsMonitor<RegistryOptions> options)
{
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
