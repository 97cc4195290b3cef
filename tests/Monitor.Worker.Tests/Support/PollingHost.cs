using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Monitor.Core.History;
using Monitor.Core.References;
using Monitor.Data.Watches;
using Monitor.Testing.Postgres;
using Monitor.Worker.Hosting;
using Monitor.Worker.Polling;

namespace Monitor.Worker.Tests.Support;

/// <summary>
/// The service's polling services (real registry client, real PostgreSQL) on simulated time: every service reads the
/// time through <see cref="Clock"/> (see <see cref="SimulatedClock"/>), the registry client's request times included.
/// </summary>
internal sealed class PollingHost : IAsyncDisposable
{
    public const string Group = "default";
    private readonly ServiceProvider provider;

    /// <param name="flowing">The clock runs on with real time between the test's moves (see <see cref="SimulatedClock"/>).</param>
    public PollingHost(string connectionString, FakeTimeProvider? time = null, IDictionary<string, string?>? settings = null, bool flowing = false)
    {
        ConnectionString = connectionString;
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 6, 0, 0, TimeSpan.Zero));
        Clock = new SimulatedClock(Time, flowing);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Registries:MaxRetries"] = "0",
                ["Registries:RequestsPerSecond"] = "1000",
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddLogging();
        services.AddMonitorServices(configuration, connectionString);
        provider = services.BuildServiceProvider();
        Cycle = provider.GetRequiredService<PollCycle>();
    }

    /// <summary>The simulated date; <see cref="Clock"/> reads it.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>The clock every service of this host reads.</summary>
    public TimeProvider Clock { get; }

    public string ConnectionString { get; }

    public PollCycle Cycle { get; }

    public T Get<T>()
        where T : notnull => provider.GetRequiredService<T>();

    public Task WatchAsync(string registry, string repositoryAndTag)
    {
        var (repository, tag) = (repositoryAndTag.Split(':')[0], repositoryAndTag.Split(':')[1]);
        return Get<WatchStore>().AddAsync([new WatchSpec(new TagReference(registry, repository, tag), Group, WatchSource.Api)], Clock.GetUtcNow(), CancellationToken.None);
    }

    public async Task<PollSummary> PollAsync(TimeSpan? after = null)
    {
        Time.Advance(after ?? TimeSpan.FromMinutes(15));
        return await Cycle.RunAsync(Group, CancellationToken.None);
    }

    public Task<long> CountAsync(string sql) => Sql.CountAsync(ConnectionString, sql);

    public Task ExecuteAsync(string sql) => Sql.ExecuteAsync(ConnectionString, sql);

    public Task<List<Dictionary<string, object?>>> RowsAsync(string sql) => Sql.RowsAsync(ConnectionString, sql);

    /// <summary>Npgsql reads timestamptz as a UTC DateTime.</summary>
    public static DateTimeOffset At(object? value) => Sql.At(value);

    public async ValueTask DisposeAsync() => await provider.DisposeAsync();
}
