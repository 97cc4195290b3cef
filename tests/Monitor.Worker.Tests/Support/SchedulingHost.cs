using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monitor.Worker.Hosting;
using Quartz;

namespace Monitor.Worker.Tests.Support;

/// <summary>
/// The real service host on real time with a watchlist of the test's, started once its schedule registrar has
/// reconciled the store (its "Scheduled …" line), so a test sees the schedule the host settled on.
/// </summary>
internal sealed class SchedulingHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private bool stopped;

    private SchedulingHost(WebApplication app, DateTimeOffset startedAt) => (this.app, StartedAt) = (app, startedAt);

    public DateTimeOffset StartedAt { get; }

    public IServiceProvider Services => app.Services;

    public static async Task<SchedulingHost> StartAsync(string connectionString, string watchlistFile, string node = "scheduling-test", params string[] args)
    {
        var registered = new RegistrationSignal();
        var app = MonitorApplication.Build(
            ["--Urls=http://127.0.0.1:0", $"--WatchlistFile={watchlistFile}", $"--NodeName={node}", "--Scheduler:CheckinInterval=00:00:01", .. args],
            connectionString,
            builder => builder.Logging.AddProvider(registered));
        var startedAt = DateTimeOffset.UtcNow;
        await app.StartAsync(TestContext.Current.CancellationToken);
        await registered.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        return new SchedulingHost(app, startedAt);
    }

    public Task<IScheduler> SchedulerAsync() => Services.GetRequiredService<ISchedulerFactory>().GetScheduler(TestContext.Current.CancellationToken).AsTask();

    public async Task StopAsync()
    {
        if (!stopped)
        {
            stopped = true;
            await app.StopAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>Completes when the schedule registrar reports what it scheduled.</summary>
    private sealed class RegistrationSignal : ILoggerProvider
    {
        private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Task => done.Task;

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, done);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, TaskCompletionSource done) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (category.EndsWith(".ScheduleRegistrar", StringComparison.Ordinal) && formatter(state, exception).StartsWith("Scheduled ", StringComparison.Ordinal))
                {
                    done.TrySetResult();
                }
            }
        }
    }
}
