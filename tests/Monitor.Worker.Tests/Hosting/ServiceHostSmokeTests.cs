using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Monitor.Data;
using Monitor.Testing.Postgres;
using Monitor.Worker.Hosting;
using Monitor.Worker.Tests.Support;
using Npgsql;

namespace Monitor.Worker.Tests.Hosting;

/// <summary>The real service host against a real, empty PostgreSQL database.</summary>
[Collection(OneHostAtATime.Name)]
public sealed class ServiceHostSmokeTests(PostgresServer postgres)
{
    [Fact]
    public async Task Service_migrates_an_empty_database_starts_a_clustered_scheduler_and_reports_ready()
    {
        var connectionString = await postgres.CreateEmptyDatabaseAsync(TestContext.Current.CancellationToken);
        await using var app = MonitorApplication.Build(["--Urls=http://127.0.0.1:0"], connectionString);
        await app.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(ListeningAddress(app)) };

            var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);
            var ready = await WaitUntilReadyAsync(http);

            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            var readyBody = await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.Contains("\"scheduler\":{\"status\":\"Healthy\"", readyBody, StringComparison.Ordinal);
            await using var context = new MonitorDbContext(MonitorDbContextOptions.Create(connectionString));
            Assert.Empty(await context.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
            Assert.Equal(1L, await ScalarAsync(connectionString, "SELECT count(*) FROM monitor.qrtz_scheduler_state"));
        }
        finally
        {
            await app.StopAsync(TestContext.Current.CancellationToken);
        }
    }

    private static async Task<HttpResponseMessage> WaitUntilReadyAsync(HttpClient http)
    {
        // Quartz starts once the application has started, a moment after StartAsync returns.
        for (var attempt = 0; ; attempt++)
        {
            var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK || attempt == 50)
            {
                return response;
            }

            await Task.Delay(200);
        }
    }

    private static string ListeningAddress(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
