using System.Diagnostics.Metrics;
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
        var maxTagSeries = configuration.GetSection(CadenceSettings.SectionName).GetValue(nameof(CadenceSettings.MaxTagSeries), new CadenceSettings().MaxTagSeries);
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("monitor"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(MonitorMetrics.MeterName);
                ((IDeferredMeterProviderBuilder)metrics).Configure((provider, builder) =>
                {
                    var ownMeters = provider.GetRequiredService<IMeterFactory>();
                    builder.AddView(instrument => StreamFor(instrument, ownMeters, maxTagSeries));
                });
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

    /// <summary>
    /// OpenTelemetry listens to meters by name across the whole process, so a second host in the same process (the
    /// test suite runs several at once) would export this one's tags too. Only meters of this host's factory are kept.
    /// </summary>
    private static MetricStreamConfiguration? StreamFor(Instrument instrument, IMeterFactory ownMeters, int maxTagSeries)
    {
        if (!ReferenceEquals(instrument.Meter.Scope, ownMeters))
        {
            return MetricStreamConfiguration.Drop;
        }

        return TagMetrics.CardinalityLimit(instrument.Name, maxTagSeries) is { } limit
            ? new MetricStreamConfiguration { CardinalityLimit = limit }
            : null;
    }
}
