using Monitor.Registry;
using Monitor.Registry.Observability;
using Monitor.Worker.Metrics;
using Monitor.Worker.Polling;

namespace Monitor.Worker.Hosting;

internal static class RegistryReaderRegistration
{
    public static IServiceCollection AddMonitorRegistryReader(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<RegistryRequestMetrics>();
        services.AddSingleton<IRegistryRequestObserver>(provider => provider.GetRequiredService<RegistryRequestMetrics>());
        services.AddMonitorRegistry(configuration);
        services.AddSingleton<ITagReader, RegistryTagReader>();
        return services;
    }
}
