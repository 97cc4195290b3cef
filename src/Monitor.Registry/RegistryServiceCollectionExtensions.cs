using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Monitor.Registry.Api;
using Monitor.Registry.Auth;
using Monitor.Registry.Chainguard;
using Monitor.Registry.Client;
using Monitor.Registry.Configuration;
using Monitor.Registry.DockerHub;
using Monitor.Registry.Gcr;
using Monitor.Registry.Ghcr;
using Monitor.Registry.Mcr;
using Monitor.Registry.Observability;
using Monitor.Registry.Politeness;
using Monitor.Registry.Quay;
using Monitor.Registry.Vendors;
using Polly;
using Polly.Telemetry;
using Polly.Timeout;
using Refit;

namespace Monitor.Registry;

public static class RegistryServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IRegistryClient"/> and its HTTP plumbing, configured from the <c>Registries</c> section
    /// (validated at start). Register an <see cref="IRegistryRequestObserver"/> to receive request metrics.
    /// </summary>
    public static IServiceCollection AddMonitorRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<RegistryOptions>()
            .Bind(configuration.GetSection(RegistryOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RegistryOptions>, RegistryOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRegistryRequestObserver, NullRegistryRequestObserver>();

        services.TryAddSingleton<RegistrySettings>();
        services.TryAddSingleton<RegistryHostGates>();
        services.TryAddSingleton<RegistryCredentialStore>();
        services.TryAddSingleton<TokenCache>();
        services.TryAddSingleton<RegistryTokenClient>();
        services.TryAddSingleton<RegistryAuthenticator>();
        services.TryAddSingleton<RegistryCircuitCauses>();
        services.TryAddSingleton<RegistryCaller>();
        services.TryAddSingleton<DockerHubTagResolver>();
        services.TryAddSingleton<ContentAddressedReads>();
        services.TryAddSingleton<IRegistryClient, RegistryClient>();
        services.TryAddTransient<RegistryPauseHandler>();
        services.TryAddTransient<RegistryAuthHandler>();
        services.TryAddTransient<RegistryRateLimitHandler>();
        AddVendorSources(services);

        services.AddHttpClient(RegistryHttpClientNames.Registry)
            .ConfigureRegistryHttpClient()
            .AddHttpMessageHandler<RegistryPauseHandler>()
            .AddRegistryResilience("registry")
            .AddHttpMessageHandler<RegistryAuthHandler>()
            .AddHttpMessageHandler<RegistryRateLimitHandler>();

        services.AddHttpClient(RegistryHttpClientNames.Token)
            .ConfigureRegistryHttpClient()
            .AddHttpMessageHandler<RegistryPauseHandler>()
            .AddRegistryResilience("token")
            .AddHttpMessageHandler<RegistryRateLimitHandler>();

        services.AddRefitGeneratedClient<IDockerHubTagSource>()
            .ConfigureHttpClient((provider, client) =>
                client.BaseAddress = provider.GetRequiredService<IOptions<RegistryOptions>>().Value.DockerHub.ApiBaseUrl)
            .ConfigureRegistryHttpClient()
            .AddHttpMessageHandler<RegistryPauseHandler>()
            .AddRegistryResilience("docker-hub")
            .AddHttpMessageHandler<RegistryRateLimitHandler>();

        services.AddHttpClient(RegistryHttpClientNames.VendorApi)
            .ConfigureRegistryHttpClient()
            .AddHttpMessageHandler<RegistryPauseHandler>()
            .AddRegistryResilience("vendor-api")
            .AddHttpMessageHandler<RegistryRateLimitHandler>();

        return services;
    }

    /// <summary>What registries know beyond the OCI API: batch listings, push times and tag histories, each for its kind of registry.</summary>
    private static void AddVendorSources(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITagListing, DockerHubTagResolver>(provider => provider.GetRequiredService<DockerHubTagResolver>()));
        services.TryAddSingleton<QuayTagPages>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITagListing, GcrTagListing>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITagListing, QuayTagListing>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPushTimeSource, McrPushTimes>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPushTimeSource, GhcrPushTimes>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITagHistorySource, ChainguardTagHistory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITagHistorySource, QuayTagHistory>());
    }

    private static IHttpClientBuilder ConfigureRegistryHttpClient(this IHttpClientBuilder builder) => builder
        .ConfigureHttpClient((provider, client) =>
        {
            // Timeouts belong to the resilience pipeline (per attempt and in all), not to HttpClient.
            client.Timeout = Timeout.InfiniteTimeSpan;
            client.DefaultRequestHeaders.UserAgent.ParseAdd(provider.GetRequiredService<IOptions<RegistryOptions>>().Value.UserAgent);
        })
        .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
        {
            // Blob downloads redirect to storage; .NET drops the Authorization header on redirects.
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 5,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(15),
        });

    /// <summary>
    /// Total timeout, retries with jittered exponential backoff for transient failures only (5xx, 408, timeouts,
    /// connection errors; never 4xx), a circuit breaker and a per-attempt timeout; one pipeline per host, so one
    /// failing registry cannot open the circuit of another. Polly's own events (each attempt, retry, timeout, circuit
    /// change) are logged at Debug: by default Polly logs retries as warnings with the exception's stack trace, while
    /// the outcome of the whole request is reported once, as a <see cref="RegistryFailure"/> and a metric.
    /// </summary>
    private static IHttpClientBuilder AddRegistryResilience(this IHttpClientBuilder builder, string name)
    {
        builder.AddResilienceHandler(name, (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<RegistryOptions>>().Value;
            pipeline.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
            pipeline.ConfigureTelemetry(new TelemetryOptions(context.GetOptions<TelemetryOptions>()) { SeverityProvider = _ => ResilienceEventSeverity.Debug });
            pipeline.AddTimeout(options.TotalRequestTimeout);
            if (options.MaxRetries > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryBaseDelay,
                    ShouldRetryAfterHeader = false,
                    ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                });
            }

            var breaker = options.CircuitBreaker;
            var circuits = context.ServiceProvider.GetRequiredService<RegistryCircuitCauses>();
            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = breaker.FailureRatio,
                MinimumThroughput = breaker.MinimumThroughput,
                SamplingDuration = breaker.SamplingDuration,
                BreakDuration = breaker.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                OnOpened = args =>
                {
                    if (args.Context.GetRequestMessage() is { RequestUri: { } uri } request
                        && RegistryCaller.BreakingCause(args.Outcome, RegistryRequestOptions.RegistryOf(request), options) is { } cause)
                    {
                        circuits.Opened(uri, cause);
                    }

                    return ValueTask.CompletedTask;
                },
            });
            pipeline.AddTimeout(options.RequestTimeout);
        }).SelectPipelineByAuthority();
        return builder;
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException or TimeoutRejectedException
        || outcome.Result?.StatusCode is HttpStatusCode.RequestTimeout || (int?)outcome.Result?.StatusCode >= 500;
}
