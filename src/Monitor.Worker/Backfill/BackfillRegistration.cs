using Monitor.Worker.Polling;

namespace Monitor.Worker.Backfill;

internal static class BackfillRegistration
{
    /// <summary>What the service and the verbs share: the back-filler and its options.</summary>
    public static IServiceCollection AddMonitorBackfill(this IServiceCollection services)
    {
        services.AddOptions<BackfillOptions>().BindConfiguration(BackfillOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Backfiller>();
        return services;
    }

    /// <summary>The service's automatic back-fill of newly watched tags, woken by every local poll cycle.</summary>
    public static IServiceCollection AddAutomaticBackfill(this IServiceCollection services)
    {
        services.AddSingleton<BackfillService>();
        services.AddHostedService(provider => provider.GetRequiredService<BackfillService>());
        services.AddSingleton<IPollCycleObserver>(provider => provider.GetRequiredService<BackfillService>());
        return services;
    }
}
