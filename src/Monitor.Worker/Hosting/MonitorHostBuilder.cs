using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Monitor.Migrations;
using Monitor.Worker.Watchlist;

namespace Monitor.Worker.Hosting;

/// <summary>
/// The composition root. The service (<see cref="WebApplication"/>) and every verb (<see cref="HostApplicationBuilder"/>)
/// are built here from the same configuration sources, in the same order: appsettings.json and
/// appsettings.{Environment}.json from the application's folder, environment variables (also <c>ASPNETCORE_</c>-prefixed
/// ones), secret files (<see cref="SecretFiles"/>) and <c>--Section:Key=value</c> arguments; then the watchlist file.
/// </summary>
public static class MonitorHostBuilder
{
    public static WebApplicationBuilder CreateServiceBuilder(string[] configurationArguments)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = configurationArguments,
            ContentRootPath = AppContext.BaseDirectory,

            // The service's own name, also when another program hosts it (the tests): the web pages' static assets are found by it.
            ApplicationName = typeof(MonitorHostBuilder).Assembly.GetName().Name,
        });
        SecretFiles.AddTo(builder.Configuration);
        return builder;
    }

    /// <summary>A verb's host: the service's configuration; logs (warnings and errors) go to standard error, the result to standard output.</summary>
    public static HostApplicationBuilder CreateVerbBuilder(string[] configurationArguments)
    {
        // What WebApplication.CreateBuilder puts first, so a verb reads exactly what the service reads.
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(VerbLogDefaults);
        configuration.AddEnvironmentVariables("ASPNETCORE_");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = configurationArguments,
            ContentRootPath = AppContext.BaseDirectory,
            Configuration = configuration,
        });
        SecretFiles.AddTo(builder.Configuration);
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true }));
        return builder;
    }

    /// <summary>Adds the YAML watchlist (<c>WatchlistFile</c>) to the configuration; a missing or broken file throws <see cref="WatchlistException"/>.</summary>
    public static void AddWatchlist(IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        WatchlistFile.AddTo(builder.Configuration, builder.Configuration);
    }

    /// <summary>
    /// Opens the database before the host is built (its connection string is part of the services): the configured
    /// one, or the embedded cluster, whose start-up is logged the way the host will log.
    /// </summary>
    public static async Task<(DatabaseConnection Database, ILoggerFactory Logging)> OpenDatabaseAsync(IHostApplicationBuilder builder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var logging = LoggerFactory.Create(logging =>
        {
            logging.AddConfiguration(builder.Configuration.GetSection("Logging")).AddConsole();
            foreach (var console in builder.Services.Where(s => s.ServiceType == typeof(IConfigureOptions<ConsoleLoggerOptions>)))
            {
                logging.Services.Add(console);
            }
        });
        try
        {
            var database = await DatabaseConnection.OpenAsync(builder.Configuration, logging.CreateLogger("Monitor.Database"), cancellationToken);
            return (database, logging);
        }
        catch
        {
            logging.Dispose();
            throw;
        }
    }

    /// <summary>Before anything starts: every validated option checked, then the schema migrated when Database:MigrateOnStart allows.</summary>
    public static async Task PrepareAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.GetService<IStartupValidator>()?.Validate();
        if (services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
        {
            var database = services.GetRequiredService<DatabaseConnection>();
            await DatabaseMigrator.MigrateAsync(database.ConnectionString, services.GetRequiredService<ILoggerFactory>().CreateLogger("Monitor.Migrations"), cancellationToken);
        }
    }

    /// <summary>
    /// A verb prints its result and at most one error line: its console shows warnings and errors only, and nothing of
    /// EF Core, whose failures reach that error line. Lowest precedence: <c>Logging:Console:LogLevel</c> settings override.
    /// </summary>
    private static readonly Dictionary<string, string?> VerbLogDefaults = new()
    {
        ["Logging:Console:LogLevel:Default"] = "Warning",
        ["Logging:Console:LogLevel:Microsoft.EntityFrameworkCore"] = "None",
    };
}
