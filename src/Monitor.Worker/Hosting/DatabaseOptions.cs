using System.ComponentModel.DataAnnotations;

namespace Monitor.Worker.Hosting;

public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>Apply pending migrations when the service starts (turn off when a one-shot migrator does it).</summary>
    public bool MigrateOnStart { get; set; } = true;

    [Required]
    public EmbeddedDatabaseOptions Embedded { get; set; } = new();
}

public sealed class EmbeddedDatabaseOptions
{
    /// <summary>Used only when ConnectionStrings:Monitor is empty.</summary>
    [Required]
    public string DataDirectory { get; set; } = ".data/postgres";

    /// <summary>Folder with initdb and pg_ctl; empty searches PATH and /usr/lib/postgresql/*/bin.</summary>
    public string? BinDirectory { get; set; }
}
