namespace Monitor.Registry.Observability;

/// <summary>The default observer: ignores everything until the metrics layer registers its own.</summary>
public sealed class NullRegistryRequestObserver : IRegistryRequestObserver
{
    public void RequestCompleted(RegistryRequestRecord request)
    {
    }

    public void RateLimitObserved(ServerEndpoint server, DockerHubRateLimit rateLimit)
    {
    }
}
