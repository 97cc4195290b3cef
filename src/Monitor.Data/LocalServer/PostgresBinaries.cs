namespace Monitor.Data.LocalServer;

/// <summary>Finds the PostgreSQL server programs (initdb, pg_ctl) on this machine.</summary>
public sealed record PostgresBinaries(string BinDirectory)
{
    public const string InstallHint =
        "Install them (Debian/Ubuntu: sudo apt-get install postgresql; Fedora: sudo dnf install postgresql-server), " +
        "point Database:Embedded:BinDirectory at the folder holding initdb and pg_ctl, " +
        "or set ConnectionStrings:Monitor to use an existing PostgreSQL server.";

    public string InitDb => Path.Combine(BinDirectory, "initdb");

    public string PgCtl => Path.Combine(BinDirectory, "pg_ctl");

    /// <summary>The configured folder if given; else PATH; else the newest /usr/lib/postgresql/N/bin (Debian's layout).</summary>
    public static PostgresBinaries Locate(string? configuredBinDirectory = null)
    {
        if (!string.IsNullOrWhiteSpace(configuredBinDirectory))
        {
            return HasServerPrograms(configuredBinDirectory)
                ? new PostgresBinaries(configuredBinDirectory)
                : throw new LocalPostgresException(
                    $"PostgreSQL server binaries (initdb, pg_ctl) were not found in Database:Embedded:BinDirectory '{configuredBinDirectory}'. {InstallHint}");
        }

        var fromPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(HasServerPrograms);
        var found = fromPath ?? DebianBinDirectories().FirstOrDefault(HasServerPrograms);
        return found is not null
            ? new PostgresBinaries(ResolveLinks(found))
            : throw new LocalPostgresException(
                $"No connection string is configured, so Monitor would run its own PostgreSQL, but the server binaries (initdb, pg_ctl) were not found in PATH or /usr/lib/postgresql/*/bin. {InstallHint}");
    }

    private static bool HasServerPrograms(string directory) =>
        File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));

    private static IEnumerable<string> DebianBinDirectories()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return [];
        }

        return Directory.GetDirectories(root)
            .Select(dir => (dir, version: int.TryParse(Path.GetFileName(dir), out var v) ? v : 0))
            .OrderByDescending(d => d.version)
            .Select(d => Path.Combine(d.dir, "bin"));
    }

    // Debian links /usr/bin/pg_ctl to a wrapper; the real programs sit beside `postgres` in the versioned folder.
    private static string ResolveLinks(string directory)
    {
        var target = new FileInfo(Path.Combine(directory, "initdb")).ResolveLinkTarget(returnFinalTarget: true);
        return target is null ? directory : Path.GetDirectoryName(target.FullName) ?? directory;
    }
}
