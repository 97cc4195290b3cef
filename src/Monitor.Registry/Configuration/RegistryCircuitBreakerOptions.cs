namespace Monitor.Registry.Configuration;

/// <summary>Per-registry circuit breaker: stop calling a registry that keeps failing, then probe again.</summary>
public sealed class RegistryCircuitBreakerOptions
{
    /// <summary>Share of failed requests (5xx, timeouts, connection errors) that opens the circuit.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Requests within <see cref="SamplingDuration"/> before the ratio counts.</summary>
    public int MinimumThroughput { get; set; } = 10;

    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
