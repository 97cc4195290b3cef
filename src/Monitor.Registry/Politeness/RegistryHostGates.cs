using System.Collections.Concurrent;
using Monitor.Registry.Configuration;

namespace Monitor.Registry.Politeness;

/// <summary>One <see cref="RegistryHostGate"/> per host (host:port), shared by every client and request.</summary>
internal sealed class RegistryHostGates(RegistrySettings settings) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<RegistryHostGate>> gates = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="authority">The host:port the request goes to.</param>
    /// <param name="registry">The registry it belongs to, whose limits apply.</param>
    public RegistryHostGate For(string authority, string registry) =>
        gates.GetOrAdd(authority, _ => new Lazy<RegistryHostGate>(() =>
        {
            var (concurrency, rate) = settings.LimitsFor(registry);
            return new RegistryHostGate(concurrency, rate);
        })).Value;

    public void Dispose()
    {
        foreach (var gate in gates.Values.Where(g => g.IsValueCreated))
        {
            gate.Value.Dispose();
        }
    }
}
