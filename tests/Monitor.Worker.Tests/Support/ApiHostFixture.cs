using Microsoft.Extensions.Time.Testing;
using Monitor.Testing.Postgres;

namespace Monitor.Worker.Tests.Support;

/// <summary>One real host for a test class, on its own database, with the class's configuration and watch groups.</summary>
public abstract class ApiHostFixture(PostgresServer postgres, IDictionary<string, string?> settings, params string[] groups) : IAsyncLifetime
{
    private MonitorHost? host;

    public MonitorHost Host => host ?? throw new InvalidOperationException("not initialised");

    public async ValueTask InitializeAsync() =>
        host = await MonitorHost.StartAsync(await postgres.CreateDatabaseAsync(), new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero)), settings, groups);

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
