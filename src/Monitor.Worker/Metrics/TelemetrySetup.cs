using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Monitor.Worker.Metrics;

internal static class TelemetrySetup
{
    /// <summary>Metrics through OpenTelemetry: a Prometheus scrape endpoint always, OTLP when an endpoint is configured.</summary>
    public static IServiceCollection AddMonitorTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlpEndpoint = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("monitor"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(MonitorMetrics.MeterName);
                metrics.AddPrometheusExporter();
                if (!string.IsNullOrWhiteSpace(otlpEndpoint))
                {
                    metrics.AddOtlpExporter();
                }
            });
        return services;
    }
}
