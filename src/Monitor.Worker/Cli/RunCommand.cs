using System.CommandLine;
using Monitor.Data.LocalServer;
using Monitor.Worker.Hosting;

namespace Monitor.Worker.Cli;

/// <summary>Runs the service until Ctrl-C / SIGTERM; with no connection string, with its own PostgreSQL.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "Run the service: scheduler, HTTP API, health and metrics (the default when no verb is given).");
        command.SetAction((parse, cancellationToken) => RunAsync(parse, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var args = parse.UnmatchedTokens.ToArray();
        var configuration = CliConfiguration.Build(args);
        using var loggerFactory = CliConfiguration.CreateLoggerFactory(configuration);
        var logger = loggerFactory.CreateLogger("Monitor");
        DatabaseConnection database;
        try
        {
            database = await DatabaseConnection.OpenAsync(configuration, logger, cancellationToken);
        }
        catch (LocalPostgresException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return MonitorCommandLine.BadInput;
        }

        await using (database)
        {
            try
            {
                await using var app = MonitorApplication.Build(args, database.ConnectionString);
                await app.RunAsync();
                return MonitorCommandLine.Success;
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException e)
            {
                await Console.Error.WriteLineAsync($"error: invalid configuration:{Environment.NewLine}{string.Join(Environment.NewLine, e.Failures)}");
                return MonitorCommandLine.BadInput;
            }
            catch (Watchlist.WatchlistException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return MonitorCommandLine.BadInput;
            }
        }
    }
}
