using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Monitor.Registry.Observability;

namespace Monitor.Worker.Metrics;

/// <summary>Registry request outcomes and Docker Hub's remaining pull allowance, as OpenTelemetry instruments.</summary>
public sealed class RegistryRequestMetrics : IRegistryRequestObserver
{
    private readonly Histogram<double> duration;
    private readonly ConcurrentDictionary<string, int> remaining = new(StringComparer.Ordinal);
    private long total;

    public RegistryRequestMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MonitorMetrics.MeterName);
        duration = meter.CreateHistogram<double>("monitor.registry.request.duration", "s", "Duration of registry HTTP requests");
        meter.CreateObservableGauge("monitor.registry.ratelimit.remaining",
            () => remaining.Select(pair => new Measurement<int>(pair.Value, new KeyValuePair<string, object?>("registry", pair.Key))),
            "{request}", "Docker Hub pull allowance left in the current window, as last reported");
    }

    /// <summary>Requests completed since start (every HTTP exchange, token fetches included).</summary>
    public long Total => Interlocked.Read(ref total);

    public void RequestCompleted(RegistryRequestRecord request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Interlocked.Increment(ref total);
        duration.Record(request.Duration.TotalSeconds,
            new KeyValuePair<string, object?>("registry", request.Registry),
            new KeyValuePair<string, object?>("method", request.Method),
            new KeyValuePair<string, object?>("outcome", request.Outcome.ToTagValue()));
    }

    public void RateLimitObserved(string registry, DockerHubRateLimit rateLimit)
    {
        ArgumentNullException.ThrowIfNull(rateLimit);
        remaining[registry] = rateLimit.Remaining;
    }
}
