using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Monitor.Core.History;
using Monitor.Core.References;
using Monitor.Data.Watches;
using Monitor.Registry.Configuration;
using Monitor.Testing.Postgres;
using Monitor.Testing.Registry;
using Monitor.Testing.Registry.Vendors;
using Monitor.Worker.Polling;
using Monitor.Worker.Tests.Support;
using Npgsql;

namespace Monitor.Worker.Tests.Backfill;

/// <summary>
/// The real service host (<see cref="MonitorHost"/>, real PostgreSQL) with a vendor's registry played by a
/// <see cref="VendorStub"/> in front of a real distribution registry: the vendor's history API from its documented
/// format, the OCI API forwarded. The host's clock starts at the real time (the registry client checks history times
/// against it) and its logs are collected.
/// </summary>
internal sealed class VendorHost : IAsyncDisposable
{
    public const string ApiKey = "backfill-tests-api-key-0123456789";

    private VendorHost(VendorStub stub, MonitorHost host, string connectionString)
    {
        (Stub, Host, ConnectionString) = (stub, host, connectionString);
    }

    public VendorStub Stub { get; }

    public MonitorHost Host { get; }

    public string ConnectionString { get; }

    public FakeLogCollector Logs => Host.App.Services.GetFakeLogCollector();

    /// <summary>Warnings and errors the host logged, with the category that logged them.</summary>
    public IReadOnlyList<FakeLogRecord> Problems => [.. Logs.GetSnapshot().Where(r => r.Level >= LogLevel.Warning)];

    /// <param name="now">The host's clock; history times must not lie after it.</param>
    /// <param name="settings">More configuration (e.g. <c>Backfill:Automatic</c>).</param>
    public static async Task<VendorHost> StartAsync(
        PostgresServer postgres, RegistryServer registry, IVendorApi api, RegistryKind kind, DateTimeOffset now, IDictionary<string, string?>? settings = null)
    {
        var stub = await VendorStub.StartAsync(api, registry.BaseUri);
        var connectionString = await postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var configuration = new Dictionary<string, string?>
        {
            ["Registries:Hosts:vendor:Host"] = stub.Authority,
            ["Registries:Hosts:vendor:Kind"] = kind.ToString(),
            // The host's clock is simulated: no retry backoff or 429 pause could elapse on it.
            ["Registries:MaxRetries"] = "0",
            ["Registries:MaxRetryAfterWait"] = "00:00:00",
            ["Registries:RequestsPerSecond"] = "1000",
            ["Api:ApiKey"] = ApiKey,
            ["Logging:LogLevel:Monitor"] = "Information",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var host = await MonitorHost.StartAsync(connectionString, new FakeTimeProvider(now), configuration, builder => builder.Services.AddFakeLogging());
        return new VendorHost(stub, host, connectionString);
    }

    public TagReference Tag(string repositoryAndTag) =>
        new(Stub.Authority, repositoryAndTag.Split(':')[0], repositoryAndTag.Split(':')[1]);

    public Task WatchAsync(TagReference tag) =>
        Host.App.Services.GetRequiredService<WatchStore>().AddAsync([new WatchSpec(tag, "default", WatchSource.Api)], Host.Time.GetUtcNow(), TestContext.Current.CancellationToken);

    public Task<PollSummary> PollAsync() => Host.App.Services.GetRequiredService<PollCycle>().RunAsync("default", TestContext.Current.CancellationToken);

    /// <summary>Automatic back-fill runs that have finished: each logs its summary last, after its writes and snapshot refresh.</summary>
    public int AutomaticRuns => Logs.GetSnapshot().Count(r => r.Category == "Monitor.Worker.Backfill.BackfillService" && r.Message.StartsWith("Back-fill: ", StringComparison.Ordinal));

    /// <summary>Waits until <paramref name="runs"/> automatic back-fill runs that did something have finished.</summary>
    public async Task WaitForAutomaticBackfillAsync(int runs = 1)
    {
        for (var attempt = 0; AutomaticRuns < runs; attempt++)
        {
            if (attempt == 300)
            {
                throw new TimeoutException($"{runs} automatic back-fill run(s) did not finish within 30 s (finished: {AutomaticRuns})");
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary><c>POST /api/tags/{reference}/backfill</c> with the API key.</summary>
    public Task<(int Status, JsonElement Body)> BackfillAsync(TagReference tag, string? apiKey = ApiKey) =>
        Host.SendAsync(HttpMethod.Post, $"/api/tags/{tag.Canonical}/backfill", apiKey: apiKey);

    public Task<JsonElement> DetailAsync(TagReference tag) => Host.GetJsonAsync($"/api/tags/{tag.Canonical}");

    public async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), CultureInfo.InvariantCulture);
    }

    public Task<long> RevisionsAsync(string source) => CountAsync($"SELECT count(*) FROM monitor.tag_revision WHERE source = '{source}'");

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Stub.DisposeAsync();
    }
}
