using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Monitor.Data.Processes;
using Npgsql;

namespace Monitor.Data.LocalServer;

/// <summary>
/// A private PostgreSQL cluster run from the machine's server binaries: created on first use, reused across restarts,
/// listening on 127.0.0.1 only (no Unix socket), password-protected. Several Monitor processes share one server:
/// the first that needs it starts it and becomes its owner, the others join it (port from <c>postmaster.pid</c>,
/// password from the password file); a server whose owner died is adopted. Leaving stops the server only when the
/// leaver owns it (or its owner is dead) and no other process still uses it; an owner that leaves while others use the
/// server hands it over to them, and the last one out stops it. Start-up and shutdown are serialised by a file lock.
/// PostgreSQL refuses to run as root, so under root the server runs as the <c>postgres</c> system user.
/// </summary>
public sealed class LocalPostgresCluster : IAsyncDisposable
{
    public const string SuperUser = "monitor";
    public const string DatabaseName = "monitor";
    private const string ServiceAccount = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(3);

    private readonly PostgresBinaries binaries;
    private readonly ClusterFiles files;
    private readonly IReadOnlyDictionary<string, string> serverSettings;
    private readonly ILogger logger;
    private readonly SemaphoreSlim gate = new(1, 1);
    private FileStream? use;
    private bool started;

    private LocalPostgresCluster(PostgresBinaries binaries, ClusterFiles files, int port, string password, IReadOnlyDictionary<string, string>? serverSettings, ILogger logger)
    {
        this.binaries = binaries;
        this.files = files;
        this.serverSettings = serverSettings ?? new Dictionary<string, string>();
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

    public string DataDirectory => files.DataDirectory;

    /// <summary>Whether this process started (or adopted) the server, rather than joining one another process runs.</summary>
    public bool IsOwner => started && ClusterOwner.Read(files.Owner) is { } owner && owner.IsThisProcess();

    /// <summary>Whether the server's postmaster process runs now.</summary>
    public bool IsServerRunning => ServerPid(files) is { } pid && ClusterOwner.IsPostgres(pid);

    /// <summary>Starts the cluster's server, or joins the one another Monitor process runs on it.</summary>
    /// <param name="settings">The data folder (relative paths: see <see cref="DataLocation"/>), binaries, port, server settings.</param>
    public static async Task<LocalPostgresCluster> StartAsync(LocalPostgresSettings settings, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logger);
        var binaries = PostgresBinaries.Locate(settings.BinDirectory);
        var files = new ClusterFiles(DataLocation.ClusterDirectory(settings.DataDirectory));
        CreateParentFolders(files.DataDirectory);

        await using var startup = await FileLock.ExclusiveAsync(files.StartupLock, LockTimeout, cancellationToken);
        var password = await EnsureInitialisedAsync(binaries, files, logger, cancellationToken);
        var use = FileLock.Shared(files.Users);
        try
        {
            var cluster = await JoinOrStartAsync(binaries, files, password, settings, logger, cancellationToken);
            cluster.use = use;
            return cluster;
        }
        catch
        {
            await use.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Brings the server back when it died under this process (same port, so connection strings stay valid), taking
    /// ownership of it. Returns false when it was running; throws <see cref="LocalPostgresException"/> when it cannot be started.
    /// </summary>
    public async Task<bool> RestartIfStoppedAsync(CancellationToken cancellationToken = default)
    {
        if (IsServerRunning)
        {
            return false;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            await using var startup = await FileLock.ExclusiveAsync(files.StartupLock, LockTimeout, cancellationToken);
            if (IsServerRunning)
            {
                return false; // another process brought it back first
            }

            logger.LogWarning("The embedded PostgreSQL on port {Port} is not running; starting it again", Port);
            await StartServerAsync(binaries, files, Port, serverSettings, cancellationToken);
            ClusterOwner.ThisProcess(Port).Write(files.Owner);
            started = true;
            logger.LogInformation("Embedded PostgreSQL running again on 127.0.0.1:{Port}", Port);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Leaves the server: stops it when this process owns it (or its owner died) and no other process uses it.</summary>
    public async Task StopAsync()
    {
        await gate.WaitAsync();
        try
        {
            if (use is null)
            {
                return;
            }

            await using var startup = await FileLock.ExclusiveAsync(files.StartupLock, LockTimeout, CancellationToken.None);
            await use.DisposeAsync();
            use = null;
            var owner = ClusterOwner.Read(files.Owner);
            var mine = started && owner is not null && owner.IsThisProcess();
            if (!mine && owner is not null && owner.IsAlive() && !owner.IsThisProcess())
            {
                return; // the process that started it stops it
            }

            await using var alone = FileLock.TryExclusive(files.Users);
            if (alone is null)
            {
                if (mine)
                {
                    File.Delete(files.Owner);
                    logger.LogInformation("Embedded PostgreSQL left running on port {Port}: other Monitor processes still use it, and the last of them stops it", Port);
                }

                return;
            }

            await StopServerAsync();
            File.Delete(files.Owner);
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static async Task<LocalPostgresCluster> JoinOrStartAsync(
        PostgresBinaries binaries, ClusterFiles files, string password, LocalPostgresSettings settings, ILogger logger, CancellationToken cancellationToken)
    {
        var owner = ClusterOwner.Read(files.Owner);
        if (ServerPid(files) is { } pid && ClusterOwner.IsPostgres(pid) && ServerPort(files) is { } runningPort)
        {
            var joined = new LocalPostgresCluster(binaries, files, runningPort, password, settings.ServerSettings, logger);
            if (owner is not null && owner.IsAlive())
            {
                await joined.EnsureDatabaseAsync(cancellationToken);
                logger.LogInformation(
                    "Using the embedded PostgreSQL on 127.0.0.1:{Port} that process {Owner} started, with data in {DataDirectory}", runningPort, owner.Pid, files.DataDirectory);
                return joined;
            }

            try
            {
                await joined.EnsureDatabaseAsync(cancellationToken);
                ClusterOwner.ThisProcess(runningPort).Write(files.Owner);
                joined.started = true;
                logger.LogInformation(
                    "Adopted the embedded PostgreSQL on 127.0.0.1:{Port} left running by a process that has exited, with data in {DataDirectory}", runningPort, files.DataDirectory);
                return joined;
            }
            catch (NpgsqlException e)
            {
                logger.LogWarning("The embedded PostgreSQL left running on port {Port} does not answer ({Reason}); restarting it", runningPort, e.Message);
                await RunPgAsync(binaries.PgCtl, ["stop", "-D", files.DataDirectory, "-m", "immediate", "-w", "-t", "60"], cancellationToken);
            }
        }

        var port = settings.Port != 0 ? settings.Port : FreeLoopbackPort();
        var cluster = new LocalPostgresCluster(binaries, files, port, password, settings.ServerSettings, logger);
        await StartServerAsync(binaries, files, port, cluster.serverSettings, cancellationToken);
        ClusterOwner.ThisProcess(port).Write(files.Owner);
        cluster.started = true;
        await cluster.EnsureDatabaseAsync(cancellationToken);
        logger.LogInformation("Embedded PostgreSQL running on 127.0.0.1:{Port} with data in {DataDirectory}", port, files.DataDirectory);
        return cluster;
    }

    private async Task StopServerAsync()
    {
        if (!IsServerRunning)
        {
            logger.LogInformation("Embedded PostgreSQL had already stopped");
            return;
        }

        var result = await RunPgAsync(binaries.PgCtl, ["stop", "-D", files.DataDirectory, "-m", "fast", "-w", "-t", "60"], CancellationToken.None);
        if (result.ExitCode != 0)
        {
            logger.LogWarning("Stopping the embedded PostgreSQL failed: {Output}", result.Output);
            return;
        }

        logger.LogInformation("Embedded PostgreSQL stopped");
    }

    private static async Task<string> EnsureInitialisedAsync(PostgresBinaries binaries, ClusterFiles files, ILogger logger, CancellationToken cancellationToken)
    {
        var dataDirectory = files.DataDirectory;
        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            return File.Exists(files.Password)
                ? (await File.ReadAllTextAsync(files.Password, cancellationToken)).Trim()
                : throw new LocalPostgresException(
                    $"The embedded PostgreSQL data folder '{dataDirectory}' exists but its password file '{files.Password}' is missing. Restore the file, or delete the data folder to start afresh.");
        }

        if (Directory.Exists(dataDirectory) && Directory.EnumerateFileSystemEntries(dataDirectory).Any())
        {
            throw new LocalPostgresException($"'{dataDirectory}' is not empty and is not a PostgreSQL data folder; choose another Database:Embedded:DataDirectory.");
        }

        logger.LogInformation("Creating the embedded PostgreSQL cluster in {DataDirectory}", dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        await File.WriteAllTextAsync(files.Password, password, cancellationToken);
        RestrictToOwner(files.Password);

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
                var reach = UnixUser.IsRoot ? $" (running as root, the '{ServiceAccount}' user must be able to enter every folder above '{dataDirectory}')" : "";
                throw new LocalPostgresException($"initdb failed for '{dataDirectory}'{reach}: {result.Output}");
            }
        }
        finally
        {
            File.Delete(initdbPasswordFile);
        }

        return password;
    }

    private static async Task StartServerAsync(
        PostgresBinaries binaries, ClusterFiles files, int port, IReadOnlyDictionary<string, string> serverSettings, CancellationToken cancellationToken)
    {
        // A server that was killed leaves its lock file behind. PostgreSQL itself only asks whether the PID in it exists,
        // which an exited server still does until its parent reaps it (a zombie): a lock file of no live server goes.
        if (ServerPid(files) is { } stale && !ClusterOwner.IsPostgres(stale))
        {
            File.Delete(files.PostmasterPid);
        }

        var serverOptions = $"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories=''" +
            string.Concat(serverSettings.Select(setting => $" -c {setting.Key}={setting.Value}"));
        var result = await RunPgAsync(binaries.PgCtl,
            ["start", "-D", files.DataDirectory, "-l", files.ServerLog, "-w", "-t", "60", "-o", serverOptions],
            cancellationToken);
        if (result.ExitCode != 0)
        {
            var log = File.Exists(files.ServerLog) ? LastLines(files.ServerLog) : "";
            throw new LocalPostgresException($"The embedded PostgreSQL did not start on port {port}: {result.Output} {log}".Trim());
        }
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

    private static int? ServerPid(ClusterFiles files) => PostmasterLine(files, 0);

    private static int? ServerPort(ClusterFiles files) => PostmasterLine(files, 3);

    private static int? PostmasterLine(ClusterFiles files, int index)
    {
        try
        {
            var lines = File.ReadAllLines(files.PostmasterPid);
            return lines.Length > index && int.TryParse(lines[index].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Under root the parents must let the postgres user through (0755), wherever the data folder is.</summary>
    private static void CreateParentFolders(string dataDirectory)
    {
        var parent = Path.GetDirectoryName(dataDirectory);
        if (parent is null || Directory.Exists(parent))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(parent);
            return;
        }

        Directory.CreateDirectory(parent, (UnixFileMode)0b111_101_101);
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
