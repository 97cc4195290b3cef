using Microsoft.Extensions.Options;
using Monitor.Data.LocalServer;
using Monitor.Worker.Hosting;
using Monitor.Worker.Watchlist;

namespace Monitor.Worker.Cli;

/// <summary>
/// What a failed run says and exits with, decided in this one place for the service and every verb: bad configuration,
/// watchlist, missing PostgreSQL binaries or an address already in use → one <c>error:</c> line and exit 2; an unreachable database → one line and
/// exit 1; Ctrl-C → exit 130; anything else is a bug → its stack trace and exit 1.
/// </summary>
internal static class Failure
{
    public const int Interrupted = 130;

    public static int Report(Exception exception, TextWriter error, bool interrupted)
    {
        var (code, message) = Classify(exception, interrupted);
        if (message is not null)
        {
            error.WriteLine(message);
        }

        return code;
    }

    public static (int ExitCode, string? Message) Classify(Exception exception, bool interrupted)
    {
        foreach (var e in Chain(exception))
        {
            switch (e)
            {
                case OperationCanceledException when interrupted:
                    return (Interrupted, null);
                case OptionsValidationException validation:
                    return (MonitorCommandLine.BadInput, $"error: invalid configuration: {string.Join("; ", validation.Failures)}");
                case LocalPostgresException or WatchlistException or ConfigurationException:
                    return (MonitorCommandLine.BadInput, $"error: {e.Message}");
                case InvalidOperationException when e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal):
                    return (MonitorCommandLine.BadInput, $"error: invalid configuration: {e.Message}");
                case IOException when e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException:
                    return (MonitorCommandLine.BadInput, $"error: {e.Message} (set Urls to a free address)");
                case Npgsql.NpgsqlException:
                    return (MonitorCommandLine.Failure, $"error: database: {e.Message}");
            }
        }

        return (MonitorCommandLine.Failure, $"error: {exception}");
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }

                yield break;
            }
        }
    }
}
