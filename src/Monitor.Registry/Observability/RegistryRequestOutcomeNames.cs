namespace Monitor.Registry.Observability;

public static class RegistryRequestOutcomeNames
{
    /// <summary>The wire name: <c>ok</c>, <c>not_found</c>, <c>rate_limited</c>, … (the <c>error.type</c> value, the prefix of <c>lastError</c>).</summary>
    public static string ToTagValue(this RegistryRequestOutcome outcome) => outcome switch
    {
        RegistryRequestOutcome.Ok => "ok",
        RegistryRequestOutcome.NotFound => "not_found",
        RegistryRequestOutcome.Unauthorized => "unauthorized",
        RegistryRequestOutcome.RateLimited => "rate_limited",
        RegistryRequestOutcome.ServerError => "server_error",
        RegistryRequestOutcome.Timeout => "timeout",
        RegistryRequestOutcome.InvalidResponse => "invalid_response",
        RegistryRequestOutcome.CircuitOpen => "circuit_open",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
