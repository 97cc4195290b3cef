using System.Net.Sockets;

namespace Monitor.Testing;

/// <summary>
/// Whether a Docker engine answers here. Testcontainers is used only when one does; otherwise the
/// harness starts real local servers from Debian packages. <c>MONITOR_TEST_DOCKER=0</c> forces local servers.
/// </summary>
public static class DockerEngine
{
    private static readonly Lazy<bool> Answers = new(Probe);

    public static bool IsAvailable => Answers.Value;

    private static bool Probe()
    {
        if (Environment.GetEnvironmentVariable("MONITOR_TEST_DOCKER") == "0")
        {
            return false;
        }

        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        try
        {
            using var client = host is not null && host.StartsWith("tcp://", StringComparison.Ordinal)
                ? new HttpClient { BaseAddress = new Uri("http://" + host["tcp://".Length..]) }
                : UnixSocketClient(host is not null && host.StartsWith("unix://", StringComparison.Ordinal)
                    ? host["unix://".Length..]
                    : "/var/run/docker.sock");
            client.Timeout = TimeSpan.FromSeconds(3);
            using var response = client.GetAsync(new Uri("/_ping", UriKind.Relative)).GetAwaiter().GetResult();
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or TaskCanceledException or IOException)
        {
            return false;
        }
    }

    private static HttpClient UnixSocketClient(string socketPath)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri("http://docker") };
    }
}
