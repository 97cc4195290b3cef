using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Monitor.Worker.Cadence;
using Monitor.Worker.Hosting;
using Npgsql;
using OpenTelemetry.Exporter;

namespace Monitor.Worker.Tests.Support;

/// <summary>
/// The real service host (<see cref="MonitorApplication"/>) on loopback against a test database, on a simulated clock.
/// Its watchlist has no entries and schedules that never fire, so nothing but the test changes the database.
/// </summary>
public sealed class MonitorHost : IAsyncDisposable
{
    /// <summary>A Quartz cron that fires on 1 January 2099 only.</summary>
    public const string Never = "0 0 0 1 1 ? 2099";

    private readonly string watchlistDirectory;

    private MonitorHost(WebApplication app, FakeTimeProvider time, string watchlistDirectory)
    {
        (App, Time, this.watchlistDirectory) = (app, time, watchlistDirectory);
        Http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()) };
    }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient Http { get; }

    public CadenceSnapshot Snapshot => App.Services.GetRequiredService<CadenceSnapshot>();

    /// <summary>The watchlist file the host was started with.</summary>
    public string WatchlistFile => Path.Combine(watchlistDirectory, "watchlist.yaml");

    /// <param name="time">The host's clock: every time the product reads goes through it.</param>
    /// <param name="settings">Configuration on top of appsettings.json (e.g. <c>Api:ApiKey</c>).</param>
    /// <param name="groups">Watch groups besides <c>default</c> that the watchlist defines.</param>
    public static Task<MonitorHost> StartAsync(string connectionString, FakeTimeProvider time, IDictionary<string, string?>? settings = null, params string[] groups) =>
        StartAsync(connectionString, time, settings, configure: null, groups);

    /// <param name="configure">Runs last on the host's builder (e.g. to collect its logs).</param>
    public static async Task<MonitorHost> StartAsync(
        string connectionString, FakeTimeProvider time, IDictionary<string, string?>? settings, Action<WebApplicationBuilder>? configure, params string[] groups)
    {
        var directory = Directory.CreateTempSubdirectory("monitor-host-").FullName;
        var watchlist = Path.Combine(directory, "watchlist.yaml");
        var yaml = new StringBuilder($"watchlist:\n  discoverySchedule: \"{Never}\"\n  groups:\n");
        foreach (var group in groups.Prepend("default"))
        {
            yaml.Append(CultureInfo.InvariantCulture, $"    - {{ name: {group}, schedule: \"{Never}\", jitter: \"00:00:00\" }}\n");
        }

        await File.WriteAllTextAsync(watchlist, yaml.ToString());
        var app = MonitorApplication.Build(["--Urls=http://127.0.0.1:0"], connectionString, builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["WatchlistFile"] = watchlist,
                ["Logging:LogLevel:Default"] = "Warning",

                // Refreshes happen when a test asks for them, not behind its back.
                ["Cadence:RefreshInterval"] = "01:00:00",
            });
            builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
            builder.Services.AddSingleton<TimeProvider>(time);

            // The exporter caches a scrape for 300 ms of wall-clock time by default; tests scrape before and after a change.
            builder.Services.Configure<PrometheusAspNetCoreOptions>(options => options.ScrapeResponseCacheDurationMilliseconds = 0);
            configure?.Invoke(builder);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        await WaitForStartupRefreshesAsync(connectionString);
        return new MonitorHost(app, time, directory);
    }

    /// <summary>Brings the host's snapshot up to date now (instead of waiting for its refresh interval).</summary>
    /// <summary>Refreshes the host's snapshot; returns how many tags it updated (from stored summaries or recomputed).</summary>
    public async Task<int> RefreshAsync() => (await Snapshot.RefreshAsync(TestContext.Current.CancellationToken)).Updated;

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    public async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, object? body = null, string? apiKey = null)
    {
        var response = await SendContentAsync(method, path, body is null ? null : JsonContent.Create(body), apiKey);
        return (response.Status, response.Body);
    }

    /// <summary>Sends <paramref name="content"/> as it is (any bytes, any Content-Type); the answer's body is parsed as JSON (null when empty).</summary>
    public async Task<HostResponse> SendContentAsync(HttpMethod method, string path, HttpContent? content, string? apiKey = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        if (client is not null)
        {
            request.RequestUri = new Uri(Http.BaseAddress!, request.RequestUri!);
        }

        using var response = await (client ?? Http).SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return new HostResponse((int)response.StatusCode, document.RootElement.Clone(), response.Content.Headers.ContentType?.MediaType,
            response.Headers.RetryAfter?.Delta);
    }

    public async Task<PrometheusScrape> ScrapeAsync()
    {
        var text = await Http.GetStringAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);
        return PrometheusScrape.Parse(text);
    }

    /// <summary>
    /// The schedule registrar refreshes the snapshot once the application has started, then schedules the jobs (the
    /// retention job last); the refresh service's first refresh holds the snapshot's lock before either. Once the
    /// retention trigger exists, both are done and no refresh runs unless a test asks for one.
    /// </summary>
    private static async Task WaitForStartupRefreshesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM monitor.qrtz_triggers WHERE trigger_name = 'retention'", connection);
        for (var attempt = 0; (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))! == 0; attempt++)
        {
            if (attempt == 300)
            {
                throw new TimeoutException("the host did not schedule its jobs within 30 s");
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        Directory.Delete(watchlistDirectory, recursive: true);
    }
}

/// <summary>An answer of the host: status, JSON body (null when empty), media type and Retry-After.</summary>
public sealed record HostResponse(int Status, JsonElement Body, string? MediaType, TimeSpan? RetryAfter)
{
    public string? Title => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("title", out var title) ? title.GetString() : null;

    public string? Detail => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("detail", out var detail) ? detail.GetString() : null;
}
