using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Monitor.Data;
using Monitor.Data.LocalServer;
using Monitor.Worker.Hosting;
using Monitor.Worker.Watchlist;

namespace Monitor.Worker.Cli;

/// <summary>
/// Runs a one-shot verb with the service's configuration and services, but no web host or scheduler.
/// Bad configuration, watchlist or missing database binaries → exit code 2 with the reason.
/// </summary>
public static class VerbHost
{
    public static Task<int> RunAsync(string[] args, Func<IServiceProvider, CancellationToken, Task<int>> verb, CancellationToken cancellationToken) =>
        RunAsync(args, configureServices: null, verb, cancellationToken);

    /// <param name="configureServices">Applied after the verb's own registrations, so it can replace them (e.g. the clock).</param>
    public static async Task<int> RunAsync(
        string[] args, Action<IServiceCollection>? configureServices, Func<IServiceProvider, CancellationToken, Task<int>> verb, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verb);
        try
        {
            var configurationBuilder = new ConfigurationBuilder().AddConfiguration(CliConfiguration.Build(args));
            WatchlistFile.AddTo(configurationBuilder, configurationBuilder.Build());
            var configuration = configurationBuilder.Build();
            using var loggerFactory = CliConfiguration.CreateLoggerFactory(configuration);
            await using var database = await DatabaseConnection.OpenAsync(configuration, loggerFactory.CreateLogger("Monitor"), cancellationToken);

            var services = new ServiceCollection();
            services.AddSingleton<IConfiguration>(configuration);
            services.AddLogging(logging => CliConfiguration.AddVerbLogging(logging, configuration));
            services.AddMonitorServices(configuration, database.ConnectionString);
            configureServices?.Invoke(services);
            await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
            _ = provider.GetRequiredService<IOptions<WatchlistOptions>>().Value;

            await MigrateIfAllowedAsync(provider, cancellationToken);
            return await verb(provider, cancellationToken);
        }
        catch (Exception e) when (e is LocalPostgresException or WatchlistException or OptionsValidationException)
        {
            var message = e is OptionsValidationException validation ? string.Join(Environment.NewLine, validation.Failures) : e.Message;
            await Console.Error.WriteLineAsync($"error: {message}");
            return MonitorCommandLine.BadInput;
        }
        catch (Npgsql.NpgsqlException e)
        {
            await Console.Error.WriteLineAsync($"error: database: {e.Message}");
            return MonitorCommandLine.Failure;
        }
    }

    private static async Task MigrateIfAllowedAsync(IServiceProvider provider, CancellationToken cancellationToken)
    {
        if (!provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
        {
            return;
        }

        await using var context = await provider.GetRequiredService<IDbContextFactory<MonitorDbContext>>().CreateDbContextAsync(cancellationToken);
        await context.Database.MigrateAsync(cancellationToken);
    }
}
