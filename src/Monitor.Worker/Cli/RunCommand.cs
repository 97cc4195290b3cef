using System.CommandLine;
using Monitor.Worker.Hosting;

namespace Monitor.Worker.Cli;

/// <summary>Runs the service until Ctrl-C / SIGTERM; with no connection string, on the embedded PostgreSQL.</summary>
public static class RunCommand
{
    public static Command Create(VerbHost verbs)
    {
        var command = new Command("run", "Run the service: scheduler, HTTP API, health and metrics (the default when no verb is given).");
        command.SetAction((_, cancellationToken) => RunAsync(verbs, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(VerbHost verbs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verbs);
        var builder = MonitorHostBuilder.CreateServiceBuilder(verbs.ConfigurationArguments);
        MonitorHostBuilder.AddWatchlist(builder);
        var (database, startupLogging) = await MonitorHostBuilder.OpenDatabaseAsync(builder, cancellationToken);
        try
        {
            await using var app = MonitorApplication.Build(builder, database);
            // Configuration and the database are checked before the host starts, so a problem is one line, not a host failure.
            await MonitorHostBuilder.PrepareAsync(app.Services, cancellationToken);
            var exit = app.Services.GetRequiredService<ServiceExit>();
            await app.RunAsync(cancellationToken);
            return exit.Code;
        }
        finally
        {
            await database.DisposeAsync();
            startupLogging.Dispose();
        }
    }
}
