using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Monitor.Registry.Client;
using Monitor.Registry.Observability;

namespace Monitor.Registry.Tests.Support;

/// <summary>
/// <c>AddMonitorRegistry</c> as the application registers it, with test knobs: configuration values, a stub
/// primary handler for every client, a fake clock, a recording observer and captured logs.
/// </summary>
internal sealed class RegistryTestHost : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    public RegistryTestHost(
        IDictionary<string, string?>? configuration = null,
        HttpMessageHandler? primaryHandler = null,
        TimeProvider? time = null)
    {
        var settings = new Dictionary<string, string?>
        {
            // No machine-wide Docker credentials in tests unless a test asks for them.
            ["Registries:DockerConfigPath"] = "",
        };
        foreach (var (key, value) in configuration ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        Configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddSingleton<IRegistryRequestObserver>(Observer);
        services.AddMonitorRegistry(Configuration);
        if (primaryHandler is not null)
        {
            services.ConfigureAll<HttpClientFactoryOptions>(options =>
                options.HttpMessageHandlerBuilderActions.Add(builder => builder.PrimaryHandler = new NonDisposingHandler(primaryHandler)));
        }

        provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public IConfiguration Configuration { get; }

    public RecordingObserver Observer { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    public IRegistryClient Client => provider.GetRequiredService<IRegistryClient>();

    public IServiceProvider Services => provider;

    public ValueTask DisposeAsync() => provider.DisposeAsync();

    /// <summary>The factory disposes expired handler chains; the stub belongs to the test.</summary>
    private sealed class NonDisposingHandler(HttpMessageHandler inner) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker invoker = new(inner, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            invoker.SendAsync(request, cancellationToken);
    }
}
