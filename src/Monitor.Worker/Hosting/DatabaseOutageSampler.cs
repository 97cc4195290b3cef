using Microsoft.Extensions.Logging.Abstractions;

namespace Monitor.Worker.Hosting;

/// <summary>
/// Keeps expected database-outage failures out of the log (each would bring its stack trace, many a second: Quartz
/// retries, EF Core, health checks) and counts them in <see cref="DatabaseOutage"/> instead, which reports the outage
/// once. Every other entry, with or without an exception, is logged as it was.
/// </summary>
internal sealed class DatabaseOutageSampler(DatabaseOutage outage) : LoggingSampler
{
    public override bool ShouldSample<TState>(in LogEntry<TState> logEntry)
    {
        if (logEntry.Exception is not { } exception || logEntry.LogLevel < LogLevel.Warning || !DatabaseOutage.IsUnreachable(exception))
        {
            return true;
        }

        outage.Failed(exception);
        return false;
    }
}
