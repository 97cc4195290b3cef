using Microsoft.Extensions.Logging.Abstractions;
using Monitor.Data.LocalServer;
using Monitor.Testing;

namespace Monitor.Worker.Tests.Support;

/// <summary>
/// A PostgreSQL cluster of one test's own, which it may stop and start again on the same port (the assembly's shared
/// server must never stop under the other tests).
/// </summary>
internal sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string directory;
    private readonly LocalPostgresSettings settings;
    private LocalPostgresCluster cluster;

    private PrivatePostgres(string directory, LocalPostgresSettings settings, LocalPostgresCluster cluster) =>
        (this.directory, this.settings, this.cluster) = (directory, settings, cluster);

    /// <summary>The cluster's <c>monitor</c> database; the same across stops and starts.</summary>
    public string ConnectionString => cluster.ConnectionString;

    public static async Task<PrivatePostgres> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("monitor-private-pg-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            // Under root the server runs as the postgres user, which must be able to reach the folder.
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        }

        var settings = new LocalPostgresSettings(Path.Combine(directory, "data"), Port: FreePort.Next());
        return new PrivatePostgres(directory, settings, await LocalPostgresCluster.StartAsync(settings, NullLogger.Instance, TestContext.Current.CancellationToken));
    }

    public Task StopAsync() => cluster.StopAsync();

    public async Task StartAgainAsync() => cluster = await LocalPostgresCluster.StartAsync(settings, NullLogger.Instance, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await cluster.DisposeAsync();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Files owned by the postgres user under root; a temp folder left behind does no harm.
        }
    }
}
