namespace Monitor.Data.LocalServer;

/// <summary>
/// The files beside a cluster's data folder <c>D</c> (in the same parent folder, so they survive a fresh initdb):
/// <c>D.password</c> (the superuser's password), <c>D.lock</c> (held exclusively while a process starts, joins or
/// stops the server), <c>D.users</c> (held shared by every process using the server) and <c>D.owner</c> (who started it).
/// </summary>
internal sealed record ClusterFiles(string DataDirectory)
{
    public string Password => DataDirectory + ".password";

    public string StartupLock => DataDirectory + ".lock";

    public string Users => DataDirectory + ".users";

    public string Owner => DataDirectory + ".owner";

    /// <summary>PostgreSQL's own lock file: PID on line 1, port on line 4, while the server runs.</summary>
    public string PostmasterPid => Path.Combine(DataDirectory, "postmaster.pid");

    public string ServerLog => Path.Combine(DataDirectory, "server.log");
}
