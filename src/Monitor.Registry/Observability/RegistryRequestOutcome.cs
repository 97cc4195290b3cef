namespace Monitor.Registry.Observability;

/// <summary>
/// How one registry request ended. Every outcome but <see cref="Ok"/> is the <c>error.type</c> attribute of
/// <c>monitor.registry.request.duration</c> (a 404 is an error status to an HTTP client, though Monitor reads it as an answer).
/// </summary>
public enum RegistryRequestOutcome
{
    Ok,
    NotFound,
    Unauthorized,
    RateLimited,

    /// <summary>5xx answers and connection failures.</summary>
    ServerError,
    Timeout,

    /// <summary>Garbage, oversize bodies, unexpected content types or status codes, digests that are not sha256:&lt;64 hex&gt;.</summary>
    InvalidResponse,

    /// <summary>Not sent: the registry's circuit breaker is open after repeated failures.</summary>
    CircuitOpen,
}
