using System.Collections.Concurrent;

namespace Monitor.Registry.Client;

/// <summary>
/// What opened each host's circuit, as the breaker saw it (one circuit per host): the breaker's rejection says only
/// that it is open, so the failures it causes name this instead. Requests in flight when it opened may not have
/// finished with that failure themselves.
/// </summary>
internal sealed class RegistryCircuitCauses
{
    private readonly ConcurrentDictionary<string, string> causes = new(StringComparer.OrdinalIgnoreCase);

    public void Opened(Uri request, string cause) => causes[request.Authority] = cause;

    public string? For(Uri host) => causes.TryGetValue(host.Authority, out var cause) ? cause : null;
}
