using Monitor.Worker.Cadence;
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
                var maxTagSeries = configuration.GetSection(CadenceSettings.SectionName).GetValue(nameof(CadenceSettings.MaxTagSeries), new CadenceSettings().MaxTagSeries);
                metrics.AddView(instrument =>
                    instrument.Meter.Name == MonitorMetrics.MeterName && TagMetrics.CardinalityLimit(instrument.Name, maxTagSeries) is { } limit
                        ? new MetricStreamConfiguration { CardinalityLimit = limit }
                        : null);
                // Every Monitor metric comes from one meter, so otel_scope_name on each series says nothing; without it a
                // 10,000-tag scrape is a fifth smaller, and the exporter's buffer (which doubles to fit) half the size.
                metrics.AddPrometheusExporter(prometheus => prometheus.ScopeInfoEnabled = false);
                if (!string.IsNullOrWhiteSpace(otlpEndpoint))
                {
                    metrics.AddOtlpExporter();
                }
            });
        return services;
    }
}
