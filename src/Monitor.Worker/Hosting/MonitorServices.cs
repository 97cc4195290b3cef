using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Monitor.Data;
using Monitor.Worker.Backfill;
using Monitor.Worker.Cadence;
using Monitor.Worker.Maintenance;
using Monitor.Worker.Metrics;
using Monitor.Worker.Polling;
using Monitor.Worker.Watchlist;

namespace Monitor.Worker.Hosting;

/// <summary>What the service and the one-shot verbs (poll, watch, report) share: options, data, registry, polling.</summary>
public static class MonitorServices
{
    public static IServiceCollection AddMonitorServices(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<WatchlistOptions>()
            .BindConfiguration(WatchlistOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<WatchlistOptions>, WatchlistOptionsValidation>();
        services.AddOptions<RetentionOptions>()
            .BindConfiguration(RetentionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddOptions<CadenceSettings>()
            .BindConfiguration(CadenceSettings.SectionName)
            .ValidateDataAnnotations()
            .Validate(c => string.IsNullOrWhiteSpace(c.Platform) || Core.Cadence.PlatformSelector.TryParse(c.Platform, out _), "Cadence:Platform must look like linux/amd64 or linux/arm64/v8")
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<CadenceSettings>>().Value);
        services.AddSingleton<CadenceSnapshot>();
        services.AddSingleton<TagDetailReader>();

        // TryAdd: a host (or a test) may have put its own clock in first; everything reads time through it.
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<MonitorMetrics>();
        services.AddMonitorData(connectionString);
        services.AddMonitorRegistryReader(configuration);
        services.AddSingleton<NodeIdentity>();
        services.AddSingleton<PollCycle>();
        services.AddSingleton<WatchlistSynchronizer>();
        services.AddSingleton<WatchRemoval>();
        services.AddMonitorBackfill();
        return services;
    }
}
