using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Monitor.Worker.Api;
using Monitor.Worker.Backfill;
using Monitor.Worker.Cadence;
using Monitor.Worker.Metrics;
using Monitor.Worker.Polling;
using Monitor.Worker.Watchlist;
using Monitor.Worker.Web;

namespace Monitor.Worker.Hosting;

/// <summary>Builds the service host: HTTP API, web pages, health, metrics, Quartz, database.</summary>
public static class MonitorApplication
{
    /// <summary>The service on a database given by its connection string (tests, and hosts that bring their own database).</summary>
    /// <param name="args">Configuration overrides (<c>--Section:Key=value</c>).</param>
    /// <param name="configure">Runs before the watchlist is read and the services are added.</param>
    public static WebApplication Build(string[] args, string connectionString, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = MonitorHostBuilder.CreateServiceBuilder(args);
        configure?.Invoke(builder);
        MonitorHostBuilder.AddWatchlist(builder);
        return Build(builder, DatabaseConnection.Configured(connectionString));
    }

    /// <summary>The service on <paramref name="database"/>; the builder's configuration is complete (watchlist included).</summary>
    public static WebApplication Build(WebApplicationBuilder builder, DatabaseConnection database)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(database);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton<ServiceExit>();
        builder.Services.AddMonitorServices(builder.Configuration, database.ConnectionString);
        builder.Services.AddDatabaseOutageLogging(database.ConnectionString);
        // Order matters: hosted services start in registration order, and Quartz needs its tables.
        builder.Services.AddHostedService<MigrationHostedService>();
        builder.Services.AddHostedService<EmbeddedDatabaseWatchdog>();
        builder.Services.AddMonitorScheduler(builder.Configuration, database.ConnectionString);
        builder.Services.AddHostedService<ScheduleRegistrar>();
        builder.Services.AddSingleton<CadenceRefreshService>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<CadenceRefreshService>());
        builder.Services.AddSingleton<IPollCycleObserver>(provider => provider.GetRequiredService<CadenceRefreshService>());
        builder.Services.AddAutomaticBackfill();
        builder.Services.AddSingleton<TagMetrics>();
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseReadinessCheck>("database", tags: ["ready"])
            .AddCheck<SchedulerReadinessCheck>("scheduler", tags: ["ready"]);
        builder.Services.AddMonitorApi();
        builder.Services.AddOpenApi();
        builder.AddMonitorWebPages();
        builder.Services.AddMonitorTelemetry(builder.Configuration);

        var app = builder.Build();
        app.UseMonitorApi();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
        app.MapOpenApi();
        app.MapWatchEndpoints();
        app.MapTagEndpoints();
        app.MapBackfillEndpoints();
        app.MapMonitorWebPages();
        // Instruments observe the snapshot; resolving creates them before the first scrape.
        app.Services.GetRequiredService<TagMetrics>();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
