using Monitor.Data.LocalServer;

namespace Monitor.Worker.Hosting;

/// <summary>
/// The connection string to use: ConnectionStrings:Monitor when configured, else a private PostgreSQL
/// started from the machine's server binaries (stopped again when this is disposed).
/// </summary>
public sealed class DatabaseConnection : IAsyncDisposable
{
    public const string ConnectionStringName = "Monitor";

    private readonly LocalPostgresCluster? embedded;

    private DatabaseConnection(string connectionString, LocalPostgresCluster? embedded)
    {
        ConnectionString = connectionString;
        this.embedded = embedded;
    }

    public string ConnectionString { get; }

    public bool IsEmbedded => embedded is not null;

    public static async Task<DatabaseConnection> OpenAsync(IConfiguration configuration, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new DatabaseConnection(configured, null);
        }

        var options = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var cluster = await LocalPostgresCluster.StartAsync(
            new LocalPostgresSettings(options.Embedded.DataDirectory, options.Embedded.BinDirectory), logger, cancellationToken);
        return new DatabaseConnection(cluster.ConnectionString, cluster);
    }

    public async ValueTask DisposeAsync()
    {
        if (embedded is not null)
        {
            await embedded.DisposeAsync();
        }
    }
}
