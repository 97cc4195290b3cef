using Monitor.Registry;
using Monitor.Worker.Hosting;

namespace Monitor.Worker.Cli;

/// <summary>What a verb needs built before its body runs.</summary>
public enum VerbNeeds
{
    /// <summary>Configuration and logging only.</summary>
    Configuration,

    /// <summary>The registry client.</summary>
    Registry,

    /// <summary>The database (configured or embedded), no schema work.</summary>
    Database,

    /// <summary>The watchlist, the database (migrated when Database:MigrateOnStart allows) and the service's services, without its host.</summary>
    Services,
}

/// <summary>
/// Runs a one-shot verb on a host built by <see cref="MonitorHostBuilder"/> from the configuration overrides of the
/// command line: the service's configuration and services, but no web server or scheduler. Failures are thrown to
/// <see cref="MonitorCommandLine"/>, which reports them.
/// </summary>
/// <param name="configureServices">Applied after the verb's own registrations, so it can replace them (e.g. the clock).</param>
public sealed class VerbHost(IReadOnlyList<string> configurationArguments, Action<IServiceCollection>? configureServices = null)
{
    /// <summary>The <c>--Section:Key=value</c> tokens of the command line.</summary>
    public string[] ConfigurationArguments => [.. configurationArguments];

    public Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task<int>> verb, CancellationToken cancellationToken) =>
        RunAsync(VerbNeeds.Services, verb, cancellationToken);

    public async Task<int> RunAsync(VerbNeeds needs, Func<IServiceProvider, CancellationToken, Task<int>> verb, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verb);
        var builder = MonitorHostBuilder.CreateVerbBuilder(ConfigurationArguments);
        if (needs == VerbNeeds.Services)
        {
            MonitorHostBuilder.AddWatchlist(builder);
        }

        DatabaseConnection? database = null;
        ILoggerFactory? startupLogging = null;
        try
        {
            if (needs is VerbNeeds.Database or VerbNeeds.Services)
            {
                (database, startupLogging) = await MonitorHostBuilder.OpenDatabaseAsync(builder, cancellationToken);
                builder.Services.AddSingleton(database);
            }

            if (needs == VerbNeeds.Registry)
            {
                builder.Services.AddMonitorRegistry(builder.Configuration);
            }
            else if (needs == VerbNeeds.Services)
            {
                builder.Services.AddMonitorServices(builder.Configuration, database!.ConnectionString);
            }

            configureServices?.Invoke(builder.Services);
            using var host = builder.Build();
            if (needs == VerbNeeds.Services)
            {
                await MonitorHostBuilder.PrepareAsync(host.Services, cancellationToken);
            }
            else
            {
                host.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
            }

            return await verb(host.Services, cancellationToken);
        }
        finally
        {
            if (database is not null)
            {
                await database.DisposeAsync();
            }

            startupLogging?.Dispose();
        }
    }
}
