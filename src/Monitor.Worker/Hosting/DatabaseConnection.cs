using Monitor.Data.LocalServer;
using Npgsql;

namespace Monitor.Worker.Hosting;

/// <summary>
/// The database a process uses: ConnectionStrings:Monitor when configured (with Database:Password, if set, as its
/// password), else the embedded PostgreSQL, started or joined (see <see cref="LocalPostgresCluster"/>) and left when
/// this is disposed.
/// </summary>
public sealed class DatabaseConnection : IAsyncDisposable
{
    public const string ConnectionStringName = "Monitor";

    private DatabaseConnection(string connectionString, LocalPostgresCluster? embedded)
    {
        ConnectionString = connectionString;
        Embedded = embedded;
    }

    public string ConnectionString { get; }

    /// <summary>The embedded cluster, when no connection string is configured.</summary>
    public LocalPostgresCluster? Embedded { get; }

    public bool IsEmbedded => Embedded is not null;

    /// <summary>A database given by its connection string (nothing to start, nothing to stop).</summary>
    public static DatabaseConnection Configured(string connectionString) => new(connectionString, null);

    public static async Task<DatabaseConnection> OpenAsync(IConfiguration configuration, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Configured(WithPassword(configured, options.Password));
        }

        var cluster = await LocalPostgresCluster.StartAsync(
            new LocalPostgresSettings(options.Embedded.DataDirectory ?? "", options.Embedded.BinDirectory), logger, cancellationToken);
        return new DatabaseConnection(cluster.ConnectionString, cluster);
    }

    public async ValueTask DisposeAsync()
    {
        if (Embedded is not null)
        {
            await Embedded.DisposeAsync();
        }
    }

    private static string WithPassword(string connectionString, string? password)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (!string.IsNullOrEmpty(password))
            {
                builder.Password = password;
            }

            return builder.ConnectionString;
        }
        catch (ArgumentException e)
        {
            // The message of a malformed connection string can quote it, password and all: name the key only.
            throw new ConfigurationException($"ConnectionStrings:{ConnectionStringName} is not a valid PostgreSQL connection string ({e.GetType().Name})", e);
        }
    }
}
