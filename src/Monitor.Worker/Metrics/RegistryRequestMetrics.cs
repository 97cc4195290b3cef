using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Monitor.Registry.Observability;

namespace Monitor.Worker.Metrics;

/// <summary>Registry request outcomes and Docker Hub's remaining pull allowance, as OpenTelemetry instruments.</summary>
public sealed class RegistryRequestMetrics : IRegistryRequestObserver
{
    /// <summary>
    /// Bucket boundaries (seconds) of monitor.registry.request.duration: milliseconds for a nearby registry up to the
    /// 2-minute total timeout (retries and 429 pauses included).
    /// </summary>
    public static readonly IReadOnlyList<double> RequestDurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    private readonly Histogram<double> duration;
    private readonly ConcurrentDictionary<ServerEndpoint, int> remaining = new();
    private long total;

    public RegistryRequestMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MonitorMetrics.MeterName);
        // Without advice the SDK's default boundaries (0, 5, 10, 25, ... 10000, made for milliseconds) put every request in one bucket.
        duration = meter.CreateHistogram("monitor.registry.request.duration", "s", "Duration of registry HTTP requests",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RequestDurationBuckets });
        meter.CreateObservableGauge("monitor.registry.ratelimit.remaining",
            () => remaining.Select(pair => new Measurement<int>(pair.Value, ServerTags(pair.Key))),
            "{request}", "Docker Hub pull allowance left in the current window, as last reported");
    }

    /// <summary>Requests completed since start (every HTTP exchange, token fetches included).</summary>
    public long Total => Interlocked.Read(ref total);

    public void RequestCompleted(RegistryRequestRecord request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Interlocked.Increment(ref total);
        var tags = new TagList(ServerTags(request.Server)) { { "http.request.method", request.Method } };
        if (request.StatusCode is { } status)
        {
            tags.Add("http.response.status_code", status);
        }

        if (request.Outcome != RegistryRequestOutcome.Ok)
        {
            tags.Add("error.type", request.Outcome.ToTagValue());
        }

        duration.Record(request.Duration.TotalSeconds, tags);
    }

    public void RateLimitObserved(ServerEndpoint server, DockerHubRateLimit rateLimit)
    {
        ArgumentNullException.ThrowIfNull(rateLimit);
        remaining[server] = rateLimit.Remaining;
    }

    /// <summary>OpenTelemetry's HTTP client attribute names for the server a request went to.</summary>
    private static KeyValuePair<string, object?>[] ServerTags(ServerEndpoint server) =>
        [new("server.address", server.Address), new("server.port", server.Port)];
}
