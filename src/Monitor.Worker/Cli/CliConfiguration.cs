using Microsoft.Extensions.Logging.Console;

namespace Monitor.Worker.Cli;

/// <summary>Configuration for verbs that run before (or without) the web host: same sources, same precedence.</summary>
public static class CliConfiguration
{
    public static IConfigurationRoot Build(string[] args) =>
        new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production"}.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();

    public static ILoggerFactory CreateLoggerFactory(IConfiguration configuration) =>
        LoggerFactory.Create(logging => AddVerbLogging(logging, configuration));

    /// <summary>A verb's logs go to standard error: standard output is the verb's result (a table, JSON for scripts).</summary>
    public static ILoggingBuilder AddVerbLogging(ILoggingBuilder logging, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.AddConfiguration(configuration.GetSection("Logging"))
            .AddSimpleConsole(console => console.SingleLine = true);
        logging.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        return logging;
    }
}
