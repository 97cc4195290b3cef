namespace Monitor.Registry.Observability;

/// <summary>
/// The host and port a request is sent to, as OpenTelemetry's <c>server.address</c> and <c>server.port</c> name them:
/// the registry's API host (<c>registry-1.docker.io</c> for <c>docker.io</c>), <c>hub.docker.com</c> for the Hub tag API.
/// </summary>
public readonly record struct ServerEndpoint(string Address, int Port)
{
    /// <summary><c>https://ghcr.io/</c> → (ghcr.io, 443); <c>http://127.0.0.1:5000/</c> → (127.0.0.1, 5000).</summary>
    public static ServerEndpoint Of(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return new ServerEndpoint(uri.IdnHost, uri.Port);
    }

    public override string ToString() => $"{Address}:{Port}";
}
