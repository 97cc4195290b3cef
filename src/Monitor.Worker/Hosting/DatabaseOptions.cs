namespace Monitor.Worker.Hosting;

public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>Apply pending migrations when the service (or a verb) starts; turn off when a one-shot migrator does it.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>
    /// Password for <c>ConnectionStrings:Monitor</c>, replacing any in it: lets the connection string live in plain
    /// configuration and the password in a secret file (<c>Database__Password_FILE</c>).
    /// </summary>
    public string? Password { get; set; }

    public EmbeddedDatabaseOptions Embedded { get; set; } = new();
}

public sealed class EmbeddedDatabaseOptions
{
    /// <summary>
    /// The embedded cluster's folder, used only when ConnectionStrings:Monitor is empty. Empty: the default
    /// (<c>$XDG_DATA_HOME/monitor/postgres</c>, <c>~/.local/share/monitor/postgres</c>, or <c>/var/lib/monitor/postgres</c>
    /// for root); a relative path is relative to that <c>monitor</c> data folder, not to the working directory.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>Folder with initdb and pg_ctl; empty searches PATH and /usr/lib/postgresql/*/bin.</summary>
    public string? BinDirectory { get; set; }
}
