using Monitor.Worker.Watchlist;
using Quartz;

namespace Monitor.Worker.Hosting;

internal static class QuartzSetup
{
    /// <summary>Quartz's tables live in the <c>monitor</c> schema (created by the migrations).</summary>
    public const string TablePrefix = "monitor.qrtz_";

    private static readonly TimeSpan MisfireScan = TimeSpan.FromSeconds(10);

    /// <summary>Quartz on the clustered ADO.NET store in PostgreSQL: N replicas share one schedule, with failover.</summary>
    public static IServiceCollection AddMonitorScheduler(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        services.AddOptions<SchedulerOptions>()
            .BindConfiguration(SchedulerOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var options = configuration.GetSection(SchedulerOptions.SectionName).Get<SchedulerOptions>() ?? new SchedulerOptions();

        services.AddSingleton<StartupPoll>();
        services.AddQuartz(quartz =>
        {
            quartz.AddSchedulerListener(provider => new SchedulerStateCleanup(connectionString, TablePrefix, provider.GetRequiredService<ILogger<SchedulerStateCleanup>>()));
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = options.Name;
                scheduler.GenerateInstanceId = true;
            });
            quartz.UseDefaultThreadPool(pool => pool.MaxConcurrency = options.MaxConcurrency);
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(postgres => postgres.ConnectionString = connectionString);
                store.ConfigureStore(ado =>
                {
                    ado.TablePrefix = TablePrefix;
                    ado.MisfireThreshold = options.MisfireThreshold;

                    // Only the misfire handler picks up a trigger missed for longer than the threshold (after an outage of the
                    // database or of every replica); by default it looks once a threshold (a minute), a cheap query.
                    ado.MisfireHandlerFrequency = options.MisfireThreshold < MisfireScan ? options.MisfireThreshold : MisfireScan;
                });
                store.UseSystemTextJsonSerializer();
                store.UseClustering(cluster =>
                {
                    cluster.CheckinInterval = options.CheckinInterval;
                    cluster.CheckinMisfireThreshold = options.CheckinInterval * 2;
                });
            });
        });
        services.AddQuartzHostedService(hosted =>
        {
            hosted.WaitForJobsToComplete = true;
            hosted.AwaitApplicationStarted = true;
        });
        return services;
    }
}
