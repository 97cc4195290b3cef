using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Monitor.Core.History;
using Monitor.Core.References;
using Monitor.Data.Watches;
using Monitor.Worker.Hosting;
using Monitor.Worker.Polling;
using Npgsql;

namespace Monitor.Worker.Tests.Support;

/// <summary>The service's polling services (real registry client, real PostgreSQL) on simulated time.</summary>
internal sealed class PollingHost : IAsyncDisposable
{
    public const string Group = "default";
    private readonly ServiceProvider provider;

    public PollingHost(string connectionString, FakeTimeProvider? time = null, IDictionary<string, string?>? settings = null)
    {
        ConnectionString = connectionString;
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 6, 0, 0, TimeSpan.Zero));
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
        services.AddLogging();
        services.AddMonitorServices(configuration, connectionString);
        provider = services.BuildServiceProvider();

        // Only the engine runs on simulated time; the registry client's timeouts and backoff stay real.
        Cycle = ActivatorUtilities.CreateInstance<PollCycle>(provider, Time);
    }

    public FakeTimeProvider Time { get; }

    public string ConnectionString { get; }

    public PollCycle Cycle { get; }

    public T Get<T>()
        where T : notnull => provider.GetRequiredService<T>();

    public Task WatchAsync(string registry, string repositoryAndTag)
    {
        var (repository, tag) = (repositoryAndTag.Split(':')[0], repositoryAndTag.Split(':')[1]);
        return Get<WatchStore>().AddAsync([new WatchSpec(new TagReference(registry, repository, tag), Group, WatchSource.Api)], Time.GetUtcNow(), CancellationToken.None);
    }

    public async Task<PollSummary> PollAsync(TimeSpan? after = null)
    {
        Time.Advance(after ?? TimeSpan.FromMinutes(15));
        return await Cycle.RunAsync(Group, CancellationToken.None);
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<List<Dictionary<string, object?>>> RowsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        }

        return rows;
    }

    /// <summary>Npgsql reads timestamptz as a UTC DateTime.</summary>
    public static DateTimeOffset At(object? value) => new((DateTime)value!);

    public async ValueTask DisposeAsync() => await provider.DisposeAsync();
}
