using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Monitor.Testing.Postgres;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Api;

/// <summary>Mutations are limited per client address; reads are not.</summary>
[Collection(OneHostAtATime.Name)]
public sealed class MutationRateLimitTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_client_over_the_limit_gets_429_with_retry_after_and_a_problem_while_reads_and_other_clients_go_on()
    {
        await using var host = await MonitorHost.StartAsync(await postgres.CreateDatabaseAsync(), new FakeTimeProvider(), new Dictionary<string, string?>
        {
            ["Api:ApiKey"] = KeyedApiHost.Key,
            ["Api:MutationRateLimit:PermitLimit"] = "3",
            ["Api:MutationRateLimit:Window"] = "00:10:00",
        });

        // Three mutations of any kind, refused ones (a wrong key, an unknown tag) included.
        var added = await host.SendAsync(HttpMethod.Post, "/api/watches", new { reference = "ghcr.io/acme/limited:1" }, KeyedApiHost.Key);
        var wrongKey = await host.SendAsync(HttpMethod.Post, "/api/watches", new { reference = "ghcr.io/acme/limited:2" }, "not-the-key-at-all");
        var unknown = await host.SendAsync(HttpMethod.Delete, "/api/watches/ghcr.io/acme/never:1", apiKey: KeyedApiHost.Key);
        var post = await host.SendContentAsync(HttpMethod.Post, "/api/watches", JsonContent.Create(new { reference = "ghcr.io/acme/limited:3" }), KeyedApiHost.Key);
        var delete = await host.SendContentAsync(HttpMethod.Delete, "/api/watches/ghcr.io/acme/limited:1", null, KeyedApiHost.Key);
        var read = await host.SendAsync(HttpMethod.Get, "/api/tags/ghcr.io/acme/limited:1");

        Assert.Equal((201, 401, 404), (added.Status, wrongKey.Status, unknown.Status));
        Assert.All([post, delete], response =>
        {
            Assert.Equal(429, response.Status);
            Assert.Equal("application/problem+json", response.MediaType);
            Assert.Equal("Too many requests", response.Title);
            Assert.StartsWith("At most 3 changes per 00:10:00 are accepted from one client address. Retry after ", response.Detail, StringComparison.Ordinal);
            Assert.NotNull(response.RetryAfter);
            Assert.InRange(response.RetryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
            Assert.Contains($"Retry after {response.RetryAfter.Value.TotalSeconds} s.", response.Detail, StringComparison.Ordinal);
        });
        Assert.Equal(200, read.Status);

        using var otherClient = new HttpClient(FromAddress(IPAddress.Parse("127.0.0.2")));
        var other = await host.SendContentAsync(HttpMethod.Post, "/api/watches", JsonContent.Create(new { reference = "ghcr.io/acme/limited:3" }), KeyedApiHost.Key, otherClient);
        Assert.Equal(201, other.Status);
    }

    /// <summary>Connects from another loopback address, which the server sees as another client.</summary>
    private static SocketsHttpHandler FromAddress(IPAddress local) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(local, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
