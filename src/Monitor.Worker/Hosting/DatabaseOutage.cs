using System.Net.Sockets;
using Npgsql;

namespace Monitor.Worker.Hosting;

/// <summary>
/// Whether PostgreSQL is out of reach, as the failures of every part of the service tell it (Quartz's check-ins and
/// trigger acquisition, polls, the cadence refresh, health checks). Those failures are expected while the database is
/// down: they are counted here, and <see cref="DatabaseOutageMonitor"/> reports the outage as a whole.
/// </summary>
public sealed class DatabaseOutage : IDisposable
{
    private readonly Lock gate = new();
    private readonly SemaphoreSlim began = new(0, 1);
    private readonly TimeProvider time;
    private DateTimeOffset? since;
    private int failures;
    private string lastCause = "";

    public DatabaseOutage(TimeProvider time) => this.time = time;

    /// <summary>True while an outage is under way (from the first failure until the monitor sees the database answer).</summary>
    public bool IsOngoing
    {
        get
        {
            lock (gate)
            {
                return since is not null;
            }
        }
    }

    /// <summary>
    /// A connection that could not be made or was lost, or a server shutting down: the database is unreachable, not
    /// wrong. Searches the whole chain (Quartz, EF Core and Refit-style wrappers). A query error is none of these.
    /// </summary>
    public static bool IsUnreachable(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal);
                case NpgsqlException npgsql when npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException:
                    return true;
            }
        }

        return false;
    }

    /// <summary>What the failure says about the database: <c>Failed to connect to 127.0.0.1:5432 (Connection refused)</c>.</summary>
    public static string CauseOf(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var chain = new List<Exception>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            chain.Add(e);
        }

        var npgsql = chain.OfType<NpgsqlException>().FirstOrDefault() ?? exception;
        var innermost = chain[^1];
        var message = FirstLine(npgsql.Message);
        return innermost == npgsql || message.Contains(FirstLine(innermost.Message), StringComparison.Ordinal)
            ? message
            : $"{message} ({FirstLine(innermost.Message)})";
    }

    /// <summary>Counts a failure; the first of an outage wakes the monitor.</summary>
    public void Failed(Exception exception)
    {
        lock (gate)
        {
            failures++;
            lastCause = CauseOf(exception);
            if (since is not null)
            {
                return;
            }

            since = time.GetUtcNow();
        }

        if (began.CurrentCount == 0)
        {
            began.Release();
        }
    }

    internal Task WaitForOutageAsync(CancellationToken cancellationToken) => began.WaitAsync(cancellationToken);

    internal (DateTimeOffset Since, int Failures, string LastCause) Current()
    {
        lock (gate)
        {
            return (since ?? time.GetUtcNow(), failures, lastCause);
        }
    }

    /// <summary>Ends the outage; returns what it was.</summary>
    internal (DateTimeOffset Since, int Failures) End()
    {
        lock (gate)
        {
            var ended = (since ?? time.GetUtcNow(), failures);
            (since, failures, lastCause) = (null, 0, "");
            return ended;
        }
    }

    public void Dispose() => began.Dispose();

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
