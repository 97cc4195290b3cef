using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Monitor.Data.Processes;
using Npgsql;

namespace Monitor.Data.LocalServer;

/// <summary>
/// A private PostgreSQL cluster run from the machine's server binaries: created on first use,
/// reused across restarts, listening on 127.0.0.1 only (no Unix socket), password-protected.
/// PostgreSQL refuses to run as root, so under root the server runs as the <c>postgres</c> system user.
/// </summary>
public sealed class LocalPostgresCluster : IAsyncDisposable
{
    public const string SuperUser = "monitor";
    public const string DatabaseName = "monitor";
    private const string ServiceAccount = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private readonly PostgresBinaries binaries;
    private readonly string dataDirectory;
    private readonly ILogger logger;
    private bool running;

    private readonly IReadOnlyDictionary<string, string> serverSettings;

    private LocalPostgresCluster(PostgresBinaries binaries, string dataDirectory, int port, string password, IReadOnlyDictionary<string, string>? serverSettings, ILogger logger)
    {
        this.serverSettings = serverSettings ?? new Dictionary<string, string>();
        this.binaries = binaries;
        this.dataDirectory = dataDirectory;
        this.logger = logger;
        Port = port;
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = SuperUser,
            Password = password,
            Database = DatabaseName,
        }.ConnectionString;
    }

    public int Port { get; }

    /// <summary>Points at the <c>monitor</c> database as the cluster's superuser.</summary>
    public string ConnectionString { get; }

    public string DataDirectory => dataDirectory;

    public static async Task<LocalPostgresCluster> StartAsync(LocalPostgresSettings settings, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logger);
        var binaries = PostgresBinaries.Locate(settings.BinDirectory);
        var dataDirectory = Path.GetFullPath(settings.DataDirectory);
        var password = await EnsureInitialisedAsync(binaries, dataDirectory, logger, cancellationToken);
        await StopLeftoverServerAsync(binaries, dataDirectory, cancellationToken);

        var port = settings.Port != 0 ? settings.Port : FreeLoopbackPort();
        var cluster = new LocalPostgresCluster(binaries, dataDirectory, port, password, settings.ServerSettings, logger);
        await cluster.StartServerAsync(cancellationToken);
        await cluster.EnsureDatabaseAsync(cancellationToken);
        logger.LogInformation("Embedded PostgreSQL running on 127.0.0.1:{Port} with data in {DataDirectory}", port, dataDirectory);
        return cluster;
    }

    public async Task StopAsync()
    {
        if (!running)
        {
            return;
        }

        running = false;
        var result = await RunPgAsync(binaries.PgCtl, ["stop", "-D", dataDirectory, "-m", "fast", "-w", "-t", "60"], CancellationToken.None);
        if (result.ExitCode != 0)
        {
            logger.LogWarning("Stopping the embedded PostgreSQL failed: {Output}", result.Output);
            return;
        }

        logger.LogInformation("Embedded PostgreSQL stopped");
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static async Task<string> EnsureInitialisedAsync(PostgresBinaries binaries, string dataDirectory, ILogger logger, CancellationToken cancellationToken)
    {
        var passwordFile = dataDirectory.TrimEnd(Path.DirectorySeparatorChar) + ".password";
        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            return File.Exists(passwordFile)
                ? (await File.ReadAllTextAsync(passwordFile, cancellationToken)).Trim()
                : throw new LocalPostgresException(
                    $"The embedded PostgreSQL data folder '{dataDirectory}' exists but its password file '{passwordFile}' is missing. Restore the file, or delete the data folder to start afresh.");
        }

        if (Directory.Exists(dataDirectory) && Directory.EnumerateFileSystemEntries(dataDirectory).Any())
        {
            throw new LocalPostgresException($"'{dataDirectory}' is not empty and is not a PostgreSQL data folder; choose another Database:Embedded:DataDirectory.");
        }

        logger.LogInformation("Creating the embedded PostgreSQL cluster in {DataDirectory}", dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        await File.WriteAllTextAsync(passwordFile, password, cancellationToken);
        RestrictToOwner(passwordFile);

        var initdbPasswordFile = Path.Combine(Path.GetTempPath(), $"monitor-pw-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(initdbPasswordFile, password, cancellationToken);
        RestrictToOwner(initdbPasswordFile);
        try
        {
            if (UnixUser.IsRoot)
            {
                await GiveToServiceAccountAsync(dataDirectory, cancellationToken);
                await GiveToServiceAccountAsync(initdbPasswordFile, cancellationToken);
            }

            var result = await RunPgAsync(binaries.InitDb,
                ["-D", dataDirectory, "-U", SuperUser, "--auth=scram-sha-256", $"--pwfile={initdbPasswordFile}", "-E", "UTF8", "--locale=C"],
                cancellationToken);
            if (result.ExitCode != 0)
            {
                throw new LocalPostgresException($"initdb failed for '{dataDirectory}': {result.Output}");
            }
        }
        finally
        {
            File.Delete(initdbPasswordFile);
        }

        return password;
    }

    private static async Task StopLeftoverServerAsync(PostgresBinaries binaries, string dataDirectory, CancellationToken cancellationToken)
    {
        // A previous run that was killed (not stopped) leaves its server running on our data folder.
        if (!File.Exists(Path.Combine(dataDirectory, "postmaster.pid")))
        {
            return;
        }

        var status = await RunPgAsync(binaries.PgCtl, ["status", "-D", dataDirectory], cancellationToken);
        if (status.ExitCode == 0)
        {
            await RunPgAsync(binaries.PgCtl, ["stop", "-D", dataDirectory, "-m", "fast", "-w", "-t", "60"], cancellationToken);
        }
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var logFile = Path.Combine(dataDirectory, "server.log");
        var serverOptions = $"-c listen_addresses=127.0.0.1 -c port={Port} -c unix_socket_directories=''" +
            string.Concat(serverSettings.Select(setting => $" -c {setting.Key}={setting.Value}"));
        var result = await RunPgAsync(binaries.PgCtl,
            ["start", "-D", dataDirectory, "-l", logFile, "-w", "-t", "60", "-o", serverOptions],
            cancellationToken);
        if (result.ExitCode != 0)
        {
            var log = File.Exists(logFile) ? LastLines(logFile) : "";
            throw new LocalPostgresException($"The embedded PostgreSQL did not start: {result.Output} {log}".Trim());
        }

        running = true;
    }

    private async Task EnsureDatabaseAsync(CancellationToken cancellationToken)
    {
        var admin = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", DatabaseName);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {DatabaseName}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static Task<ProcessResult> RunPgAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        UnixUser.IsRoot
            ? RunAsync("runuser", ["-u", ServiceAccount, "--", program, .. arguments], cancellationToken)
            : RunAsync(program, arguments, cancellationToken);

    private static async Task<ProcessResult> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        try
        {
            return await ProcessRunner.RunAsync(program, arguments, CommandTimeout, cancellationToken);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new LocalPostgresException($"Could not start '{program}': {e.Message}", e);
        }
        catch (TimeoutException e)
        {
            throw new LocalPostgresException(e.Message, e);
        }
    }

    private static async Task GiveToServiceAccountAsync(string path, CancellationToken cancellationToken)
    {
        var result = await RunAsync("chown", ["-R", $"{ServiceAccount}:{ServiceAccount}", path], cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new LocalPostgresException(
                $"Running as root, the embedded PostgreSQL must run as the '{ServiceAccount}' system user, but '{path}' could not be given to it: {result.Output}. " +
                "Run Monitor as a normal user, create the postgres user (installing the postgresql package does), or set ConnectionStrings:Monitor.");
        }
    }

    private static void RestrictToOwner(string file)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static string LastLines(string file)
    {
        var lines = File.ReadAllLines(file);
        return string.Join(Environment.NewLine, lines.Skip(Math.Max(0, lines.Length - 15)));
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
