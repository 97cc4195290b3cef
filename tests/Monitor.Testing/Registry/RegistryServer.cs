using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DotNet.Testcontainers.Containers;
using Monitor.Core.References;

namespace Monitor.Testing.Registry;

/// <summary>
/// A real CNCF distribution registry on 127.0.0.1 for tests: the <c>docker-registry</c> binary with a
/// temporary storage directory (deletes enabled), or <c>registry:2</c> through Testcontainers when the
/// binary is missing and a Docker engine answers. <c>MONITOR_TEST_REGISTRY=binary|docker</c> forces one.
/// Never skips: without either, <see cref="StartAsync"/> throws and says how to get one.
/// </summary>
public sealed class RegistryServer : IAsyncDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);

    private readonly string directory;
    private readonly LocalRegistryProcess? process;
    private readonly IContainer? container;
    private readonly HttpClient pushClient;

    private RegistryServer(string registry, RegistryServerOptions options, string directory, TokenIssuer? issuer, LocalRegistryProcess? process, IContainer? container)
    {
        Registry = registry;
        Options = options;
        this.directory = directory;
        Issuer = issuer;
        this.process = process;
        this.container = container;
        Backend = process is not null ? RegistryBackendKind.LocalBinary : RegistryBackendKind.Container;
        pushClient = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        Pusher = new OciImagePusher(pushClient, AuthorizeHarness);
    }

    /// <summary>The registry as it appears in image references: <c>127.0.0.1:PORT</c> (loopback, so clients use plain HTTP).</summary>
    public string Registry { get; }

    public Uri BaseUri => new($"http://{Registry}/");

    public RegistryServerOptions Options { get; }

    public RegistryBackendKind Backend { get; }

    /// <summary>The token service, in <see cref="RegistryAuthMode.Token"/> mode.</summary>
    public TokenIssuer? Issuer { get; }

    /// <summary>Pushes and deletes images with full rights, whatever the auth mode (tokens are minted in-process, not counted by the issuer).</summary>
    public OciImagePusher Pusher { get; }

    /// <summary>The registry's recent log lines (local binary only), for failure messages.</summary>
    public string RecentLog => process?.RecentLog ?? "";

    public static async Task<RegistryServer> StartAsync(RegistryServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RegistryServerOptions();
        var directory = Directory.CreateTempSubdirectory("monitor-registry-").FullName;
        TokenIssuer? issuer = null;
        try
        {
            if (options.Auth == RegistryAuthMode.Token)
            {
                issuer = await TokenIssuer.StartAsync(directory, options.Username, options.Password, options.AnonymousPull, options.TokenLifetime);
            }

            var htpasswdLine = options.Auth == RegistryAuthMode.Basic ? HtpasswdFile.Line(options.Username, options.Password) : null;
            var binary = ChooseBinary();
            if (binary is not null)
            {
                var started = await StartLocalAsync(binary, directory, options, htpasswdLine, issuer, cancellationToken);
                return new RegistryServer($"127.0.0.1:{started.Port}", options, directory, issuer, started, null);
            }

            var (container, registry) = await RegistryContainer.StartAsync(options.Auth, htpasswdLine, issuer, cancellationToken);
            return new RegistryServer(registry, options, directory, issuer, null, container);
        }
        catch
        {
            if (issuer is not null)
            {
                await issuer.DisposeAsync();
            }

            TryDelete(directory);
            throw;
        }
    }

    /// <summary>A reference to <paramref name="repositoryAndTag"/> (e.g. <c>team/app:1.0</c>) on this registry.</summary>
    public ImageReference Reference(string repositoryAndTag) => ImageReference.Parse($"{Registry}/{repositoryAndTag}");

    public async ValueTask DisposeAsync()
    {
        pushClient.Dispose();
        if (process is not null)
        {
            await process.DisposeAsync();
        }

        if (container is not null)
        {
            await container.DisposeAsync();
        }

        if (Issuer is not null)
        {
            await Issuer.DisposeAsync();
        }

        TryDelete(directory);
    }

    private static string? ChooseBinary()
    {
        var forced = Environment.GetEnvironmentVariable("MONITOR_TEST_REGISTRY");
        var binary = forced == "docker" ? null : LocalRegistryProcess.FindBinary();
        if (binary is not null)
        {
            return binary;
        }

        if (forced != "binary" && DockerEngine.IsAvailable)
        {
            return null;
        }

        throw new InvalidOperationException(
            "No distribution registry for the tests: install the Debian package (apt-get install docker-registry), " +
            "set MONITOR_TEST_REGISTRY_BINARY to a registry binary, or start a Docker engine so Testcontainers can run registry:2.");
    }

    private static async Task<LocalRegistryProcess> StartLocalAsync(string binary, string directory, RegistryServerOptions options, string? htpasswdLine, TokenIssuer? issuer, CancellationToken cancellationToken)
    {
        var htpasswdPath = Path.Combine(directory, "htpasswd");
        if (htpasswdLine is not null)
        {
            await File.WriteAllTextAsync(htpasswdPath, htpasswdLine + "\n", cancellationToken);
        }

        var storage = Directory.CreateDirectory(Path.Combine(directory, "storage")).FullName;
        var lastLog = "";
        // A free port can be taken between FreePort.Next() and the registry binding it; try a few.
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var port = FreePort.Next();
            var configPath = Path.Combine(directory, "config.yml");
            await File.WriteAllTextAsync(configPath,
                RegistryConfig.Yaml($"127.0.0.1:{port}", storage, options.Auth, htpasswdPath, issuer, issuer?.CertificateBundlePath), cancellationToken);
            var started = LocalRegistryProcess.Start(binary, configPath, port);
            if (await WaitUntilAnsweringAsync(started, cancellationToken))
            {
                return started;
            }

            lastLog = started.RecentLog;
            await started.DisposeAsync();
        }

        throw new InvalidOperationException($"{binary} did not answer on /v2/ within {StartupTimeout.TotalSeconds} s. Its log:{Environment.NewLine}{lastLog}");
    }

    private static async Task<bool> WaitUntilAnsweringAsync(LocalRegistryProcess started, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartupTimeout;
        while (DateTime.UtcNow < deadline && !started.HasExited)
        {
            try
            {
                using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{started.Port}/v2/"), cancellationToken);
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return true;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(50, cancellationToken);
        }

        return false;
    }

    private AuthenticationHeaderValue? AuthorizeHarness(string repository) => Options.Auth switch
    {
        RegistryAuthMode.Basic => new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Options.Username}:{Options.Password}"))),
        RegistryAuthMode.Token => new AuthenticationHeaderValue("Bearer",
            Issuer!.Mint("harness", [("repository", repository, ["pull", "push", "delete"])], TimeSpan.FromMinutes(10))),
        _ => null,
    };

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Temp space; a leftover directory is harmless.
        }
    }
}
