namespace Monitor.Data.LocalServer;

/// <summary>
/// Where the embedded cluster lives, whatever the working directory: <c>$XDG_DATA_HOME/monitor</c> when that is set,
/// else <c>/var/lib/monitor</c> for root and <c>~/.local/share/monitor</c> for everyone else; the cluster is its
/// <c>postgres</c> folder. A configured relative folder is taken relative to that data folder, never to the working directory.
/// </summary>
public static class DataLocation
{
    public const string ClusterFolder = "postgres";
    public const string SystemDataFolder = "/var/lib/monitor";

    /// <summary>The cluster's folder for <paramref name="configured"/> (empty: the default) on this machine, as this user.</summary>
    public static string ClusterDirectory(string? configured) =>
        ClusterDirectory(configured, Environment.GetEnvironmentVariable, UnixUser.IsRoot);

    public static string ClusterDirectory(string? configured, Func<string, string?> environment, bool isRoot)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var dataFolder = DataFolder(environment, isRoot);
        return string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(dataFolder, ClusterFolder)
            : Path.GetFullPath(configured, dataFolder);
    }

    public static string DataFolder(Func<string, string?> environment, bool isRoot)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var xdg = environment("XDG_DATA_HOME");
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathFullyQualified(xdg))
        {
            return Path.Combine(xdg, "monitor");
        }

        if (isRoot)
        {
            return SystemDataFolder;
        }

        var home = environment("HOME");
        return string.IsNullOrWhiteSpace(home)
            ? throw new LocalPostgresException(
                "Neither XDG_DATA_HOME nor HOME is set, so there is no default folder for the embedded PostgreSQL: set Database:Embedded:DataDirectory to an absolute path.")
            : Path.Combine(home, ".local", "share", "monitor");
    }
}
