using System.Net;
using System.Net.Sockets;

namespace Monitor.Testing;

/// <summary>
/// A port on 127.0.0.1 where nothing listens, held for as long as this lives: the socket is bound (so no other
/// server can take the port) but never listens, so every connection attempt is refused at once.
/// </summary>
public sealed class ClosedPort : IDisposable
{
    private readonly Socket socket;

    public ClosedPort()
    {
        socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    /// <summary>host:port, e.g. as a registry in an image reference.</summary>
    public string Authority => $"127.0.0.1:{Port}";

    public void Dispose() => socket.Dispose();
}
