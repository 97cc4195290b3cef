using Monitor.Registry;
using Monitor.Worker.Polling;

namespace Monitor.Worker.Hosting;

internal static class RegistryReaderRegistration
{
    public static IServiceCollection AddMonitorRegistryReader(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMonitorRegistry(configuration);
        services.AddSingleton<ITagReader, RegistryTagReader>();
        return services;
    }
}
