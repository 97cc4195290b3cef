namespace Monitor.Registry.Observability;

/// <summary>
/// Hook for the metrics layer: every registry request's outcome and duration, and Docker Hub's
/// remaining pull allowance whenever a response reports it. Called on request threads: keep it cheap.
/// </summary>
public interface IRegistryRequestObserver
{
    void RequestCompleted(RegistryRequestRecord request);

    void RateLimitObserved(ServerEndpoint server, DockerHubRateLimit rateLimit);
}
