using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Monitor.Dashboards.Tests.EndToEnd;

/// <summary>Keeps the service's last log lines (Information and up) in memory, for failure messages instead of console noise.</summary>
internal sealed class RecentLogProvider : ILoggerProvider
{
    private const int Capacity = 300;
    private readonly ConcurrentQueue<string> lines = new();

    public string Text => string.Join(Environment.NewLine, lines);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        lines.Enqueue(line);
        while (lines.Count > Capacity && lines.TryDequeue(out _))
        {
        }
    }

    private sealed class Logger(string category, RecentLogProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Add($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.Message)}");
            }
        }
    }
}
