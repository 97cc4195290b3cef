using Monitor.Testing;
using Monitor.Testing.Tools;
using Npgsql;

namespace Monitor.Dashboards.Tests.Postgres;

/// <summary>
/// A PostgreSQL server to run the dashboard SQL on: <c>$MONITOR_TEST_POSTGRES</c> (a superuser connection
/// string) when set, else a throwaway cluster from the machine's PostgreSQL binaries on 127.0.0.1 and a
/// free port (as user <c>postgres</c> via runuser when the tests run as root, which initdb refuses).
/// Also provides <c>psql</c>, which the Grafana reader init script and the schema script need.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private const string InstallHint = "apt-get install postgresql (Debian/Ubuntu), or set $MONITOR_TEST_POSTGRES to a superuser connection string";

    private readonly string? _directory;
    private readonly string? _binDirectory;

    private PostgresServer(NpgsqlConnectionStringBuilder admin, string psql, string? directory, string? binDirectory)
    {
        Admin = admin;
        Psql = psql;
        _directory = directory;
        _binDirectory = binDirectory;
    }

    public NpgsqlConnectionStringBuilder Admin { get; }

    public string Psql { get; }

    public static async Task<PostgresServer> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable("MONITOR_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new PostgresServer(new NpgsqlConnectionStringBuilder(configured), ExternalTool.Require("psql", "MONITOR_PSQL_BIN", InstallHint), null, null);
        }

        var bin = FindBinDirectory();
        var directory = Directory.CreateTempSubdirectory("monitor-dashboards-pg-").FullName;
        var port = FreePort.Next();
        if (IsRoot)
        {
            await RunAsync("chown", ["-R", "postgres", directory]);
        }

        await AsServerUserAsync(Path.Combine(bin, "initdb"), ["-D", Path.Combine(directory, "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);
        await AsServerUserAsync(Path.Combine(bin, "pg_ctl"),
        [
            "start", "-w", "-D", Path.Combine(directory, "data"), "-l", Path.Combine(directory, "server.log"),
            "-o", $"-h 127.0.0.1 -p {port} -k {directory} -F",
        ]);
        var admin = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres", Pooling = false };
        return new PostgresServer(admin, Path.Combine(bin, "psql"), directory, bin);
    }

    public async ValueTask DisposeAsync()
    {
        if (_directory is null || _binDirectory is null)
        {
            return;
        }

        try
        {
            await AsServerUserAsync(Path.Combine(_binDirectory, "pg_ctl"), ["stop", "-D", Path.Combine(_directory, "data"), "-m", "immediate"]);
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>Runs a shell script (the compose init script) with psql on PATH and libpq pointed at this server.</summary>
    public async Task<ToolResult> RunScriptAsync(string script, IReadOnlyDictionary<string, string?> environment)
    {
        var env = new Dictionary<string, string?>(environment)
        {
            ["PGHOST"] = Admin.Host,
            ["PGPORT"] = Admin.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PATH"] = Path.GetDirectoryName(Psql) + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
        };
        return await ExternalTool.RunAsync("/bin/sh", [script], Repo.Root, TimeSpan.FromMinutes(1), env);
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static string FindBinDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("MONITOR_POSTGRES_BIN");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        const string root = "/usr/lib/postgresql";
        return (Directory.Exists(root) ? Directory.GetDirectories(root) : [])
            .Select(version => Path.Combine(version, "bin"))
            .Where(bin => File.Exists(Path.Combine(bin, "initdb")))
            .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
            .FirstOrDefault()
            ?? throw new InvalidOperationException($"No PostgreSQL server binaries under {root}. Install them: {InstallHint}");
    }

    private static Task AsServerUserAsync(string executable, string[] arguments) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", executable, .. arguments]) : RunAsync(executable, arguments);

    private static async Task RunAsync(string executable, string[] arguments)
    {
        var path = executable.Contains('/', StringComparison.Ordinal) ? executable : ExternalTool.Require(executable, $"MONITOR_{executable.ToUpperInvariant()}_BIN", "part of util-linux/coreutils");
        var result = await ExternalTool.RunAsync(path, arguments, Path.GetTempPath(), TimeSpan.FromMinutes(1));
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(result.Describe());
        }
    }
}
