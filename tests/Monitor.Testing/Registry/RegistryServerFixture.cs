using Xunit;

namespace Monitor.Testing.Registry;

/// <summary>
/// One anonymous registry per test class (<c>IClassFixture&lt;RegistryServerFixture&gt;</c>) or assembly
/// (<c>[assembly: AssemblyFixture(typeof(RegistryServerFixture))]</c>). Derive and override
/// <see cref="Options"/> for other auth modes (see <see cref="BasicAuthRegistryServerFixture"/>).
/// </summary>
public class RegistryServerFixture : IAsyncLifetime
{
    private RegistryServer? server;

    public RegistryServer Server => server ?? throw new InvalidOperationException("the registry fixture is not initialised");

    protected virtual RegistryServerOptions Options => new();

    public async ValueTask InitializeAsync() => server = await RegistryServer.StartAsync(Options);

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
