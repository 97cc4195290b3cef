using System.Collections.Concurrent;
using Monitor.Registry.Observability;

namespace Monitor.Registry.Tests.Support;

internal sealed class RecordingObserver : IRegistryRequestObserver
{
    private readonly ConcurrentQueue<RegistryRequestRecord> requests = new();
    private readonly ConcurrentQueue<(ServerEndpoint Server, DockerHubRateLimit RateLimit)> rateLimits = new();

    public IReadOnlyList<RegistryRequestRecord> Requests => [.. requests];

    public IReadOnlyList<(ServerEndpoint Server, DockerHubRateLimit RateLimit)> RateLimits => [.. rateLimits];

    public void RequestCompleted(RegistryRequestRecord request) => requests.Enqueue(request);

    public void RateLimitObserved(ServerEndpoint server, DockerHubRateLimit rateLimit) => rateLimits.Enqueue((server, rateLimit));
}
