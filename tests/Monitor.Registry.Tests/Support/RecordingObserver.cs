using System.Collections.Concurrent;
using Monitor.Registry.Observability;

namespace Monitor.Registry.Tests.Support;

internal sealed class RecordingObserver : IRegistryRequestObserver
{
    private readonly ConcurrentQueue<RegistryRequestRecord> requests = new();
    private readonly ConcurrentQueue<(string Registry, DockerHubRateLimit RateLimit)> rateLimits = new();

    public IReadOnlyList<RegistryRequestRecord> Requests => [.. requests];

    public IReadOnlyList<(string Registry, DockerHubRateLimit RateLimit)> RateLimits => [.. rateLimits];

    public void RequestCompleted(RegistryRequestRecord request) => requests.Enqueue(request);

    public void RateLimitObserved(string registry, DockerHubRateLimit rateLimit) => rateLimits.Enqueue((registry, rateLimit));
}
