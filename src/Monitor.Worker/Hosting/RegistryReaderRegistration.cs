namespace Monitor.Worker.Hosting;

internal static class RegistryReaderRegistration
{
    public static IServiceCollection AddMonitorRegistryReader(this IServiceCollection services, IConfiguration configuration) => services;
}
