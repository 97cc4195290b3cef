namespace Monitor.Worker.Hosting;

internal static class DatabaseOutageLogging
{
    /// <summary>A database outage logged as one line at its start, summaries and one line at its end (<see cref="DatabaseOutageMonitor"/>).</summary>
    public static IServiceCollection AddDatabaseOutageLogging(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton<DatabaseOutage>();
        services.AddLogging(logging => logging.AddSampler<DatabaseOutageSampler>());
        services.AddHostedService(provider => ActivatorUtilities.CreateInstance<DatabaseOutageMonitor>(provider, connectionString));
        return services;
    }
}
