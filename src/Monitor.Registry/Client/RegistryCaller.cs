using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Monitor.Core.References;
using Monitor.Registry.Api;
using Monitor.Registry.Auth;
using Monitor.Registry.Configuration;
using Monitor.Registry.Manifests;
using Monitor.Registry.Observability;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Refit;

namespace Monitor.Registry.Client;

/// <summary>
/// Sends one request through the Refit API, reads what is needed from the response, and turns every way it
/// can go wrong into a <see cref="RegistryFailure"/> with a plain, secret-free reason; reports each request
/// to the <see cref="IRegistryRequestObserver"/>.
/// </summary>
internal sealed class RegistryCaller(
    IHttpClientFactory httpClientFactory,
    RegistrySettings settings,
    IRegistryRequestObserver observer,
    RegistryCircuitCauses circuits,
    TimeProvider time,
    ILogger<RegistryCaller> logger)
{
    public RegistrySettings Settings => settings;

    public RegistryEndpoint Endpoint(string registry) => settings.Endpoint(registry);

    /// <summary>
    /// A GET on a registry's own web API beside its OCI API (Quay's tag API, MCR's catalog, GitHub's package versions), sent
    /// on the vendor API client (limits, 429 pauses and resilience, but no registry token challenge) and read, classified and
    /// reported like a registry request to the API's host. The registry client that <see cref="CallAsync{T}"/> prepares goes unused.
    /// </summary>
    public Task<CallOutcome<T>> CallApiAsync<TApi, T>(
        Uri apiBase,
        string what,
        Func<TApi, CancellationToken, Task<HttpResponseMessage>> send,
        Func<HttpResponseMessage, CancellationToken, Task<T>> read,
        CancellationToken cancellationToken)
    {
        var client = httpClientFactory.CreateClient(RegistryHttpClientNames.VendorApi);
        client.BaseAddress = apiBase;
        var api = RestService.ForGenerated<TApi>(client);
        return CallAsync(apiBase.Authority, HttpMethod.Get, what, (_, ct) => send(api, ct), read, cancellationToken);
    }

    public async Task<CallOutcome<T>> CallAsync<T>(
        string registry,
        HttpMethod method,
        string what,
        Func<IOciDistributionApi, CancellationToken, Task<HttpResponseMessage>> send,
        Func<HttpResponseMessage, CancellationToken, Task<T>> read,
        CancellationToken cancellationToken)
    {
        var options = settings.Options;
        var started = time.GetTimestamp();
        var server = ServerEndpoint.Of(settings.Endpoint(registry).BaseUri);
        var outcome = RegistryRequestOutcome.Ok;
        int? status = null;
        // Bounds body reading too, which happens after the resilience pipeline has let go of the request.
        using var timeout = new CancellationTokenSource(options.TotalRequestTimeout + options.MaxRetryAfterWait, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await send(Api(registry), linked.Token);
            status = Answered(response) ? (int)response.StatusCode : null;
            if (DockerHubRateLimit.FromHeaders(response) is { } rateLimit)
            {
                observer.RateLimitObserved(server, rateLimit);
            }

            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                outcome = RegistryRequestOutcome.NotFound;
                return CallOutcome<T>.NotFound();
            }

            if (Classify(response, registry, what) is { } failure)
            {
                outcome = failure.Kind;
                return Failed<T>(failure);
            }

            return CallOutcome<T>.Found(await read(response, linked.Token));
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // The caller gave up: not a registry failure to report (Refit may have wrapped the cancellation).
            cancellationToken.ThrowIfCancellationRequested();
            throw;
        }
        catch (Exception e) when (Describe(e, registry, what, options) is { } failure)
        {
            outcome = failure.Kind;
            return Failed<T>(failure);
        }
        finally
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                observer.RequestCompleted(new RegistryRequestRecord(server, method.Method, status, outcome, time.GetElapsedTime(started)));
            }
        }
    }

    /// <summary>False for the 429 that a pause hands out without sending the request: no answer arrived.</summary>
    public static bool Answered(HttpResponseMessage response) =>
        response.RequestMessage?.Options.TryGetValue(RegistryRequestOptions.PausedUntil, out _) != true;

    /// <summary>The media type of a response, without parameters; null when absent.</summary>
    public static string? ContentType(HttpResponseMessage response) => response.Content.Headers.ContentType?.MediaType;

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>What a failure the circuit breaker counts says about the registry, in the words of its <see cref="RegistryFailure.Cause"/>.</summary>
    public static string? BreakingCause(Outcome<HttpResponseMessage> outcome, string registry, RegistryOptions options) =>
        outcome switch
        {
            { Exception: { } exception } when Chain(exception).OfType<TimeoutRejectedException>().Any() => TimedOut(registry, options),
            { Exception: { } exception } when Chain(exception).OfType<HttpRequestException>().LastOrDefault() is { } http => Unreachable(registry, http),
            { Result: { } response } => Answered(registry, response),
            _ => null,
        };

    private CallOutcome<T> Failed<T>(RegistryFailure failure)
    {
        logger.LogDebug("{Reason}", failure.Reason);
        return CallOutcome<T>.Fail(failure);
    }

    private IOciDistributionApi Api(string registry)
    {
        var client = httpClientFactory.CreateClient(RegistryHttpClientNames.Registry);
        client.BaseAddress = settings.Endpoint(registry).BaseUri;
        return RestService.ForGenerated<IOciDistributionApi>(client);
    }

    private static RegistryFailure? Classify(HttpResponseMessage response, string registry, string what)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return null;
        }

        var request = response.RequestMessage;
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => RegistryFailure.Of(RegistryRequestOutcome.Unauthorized, what, UnauthorizedReason(request, registry)),
            HttpStatusCode.Forbidden => RegistryFailure.Of(RegistryRequestOutcome.Unauthorized, what, $"{registry} denied access (403)"),
            HttpStatusCode.TooManyRequests => RegistryFailure.Of(RegistryRequestOutcome.RateLimited, what, RateLimitedReason(response, registry)),
            _ when status >= 500 => RegistryFailure.Of(RegistryRequestOutcome.ServerError, what, Answered(registry, response)),
            _ => RegistryFailure.Of(RegistryRequestOutcome.InvalidResponse, what, $"{registry} answered an unexpected {status} {response.ReasonPhrase}"),
        };
    }

    private static string UnauthorizedReason(HttpRequestMessage? request, string registry)
    {
        AuthFailure? failure = request is not null && request.Options.TryGetValue(RegistryRequestOptions.AuthFailure, out var value) ? value : null;
        return failure switch
        {
            AuthFailure.TokenRejectedAfterRefresh => $"{registry} refused a freshly issued token (no pull access with the configured credentials, or none configured)",
            AuthFailure.CredentialsRejected => $"{registry} refused the configured credentials",
            AuthFailure.CredentialsMissing => $"{registry} requires a login and no credentials are configured for it",
            _ => $"{registry} answered 401 without a challenge Monitor can answer",
        };
    }

    private static string RateLimitedReason(HttpResponseMessage response, string registry)
    {
        if (response.RequestMessage?.Options.TryGetValue(RegistryRequestOptions.PausedUntil, out var until) == true)
        {
            return $"{registry} asked to pause (429) until {until:O}; request not sent";
        }

        return response.Headers.RetryAfter is RetryConditionHeaderValue retryAfter
            ? $"{registry} answered 429 Too Many Requests (retry after {retryAfter})"
            : $"{registry} answered 429 Too Many Requests";
    }

    /// <summary>
    /// Maps what went wrong to a failure. Refit wraps handler exceptions (ApiRequestException), so the whole
    /// chain is searched, most specific kinds first.
    /// </summary>
    private RegistryFailure? Describe(Exception exception, string registry, string what, RegistryOptions options)
    {
        var chain = Chain(exception);

        if (chain.OfType<RegistryAuthException>().FirstOrDefault() is { } auth)
        {
            return RegistryFailure.Of(RegistryRequestOutcome.Unauthorized, what, auth.Message);
        }

        if (chain.OfType<InvalidRegistryResponseException>().FirstOrDefault() is { } invalid)
        {
            return RegistryFailure.Of(RegistryRequestOutcome.InvalidResponse, what, invalid.Message);
        }

        if (chain.OfType<BrokenCircuitException>().Any())
        {
            // The breaker's own exception says only that it is open: name the failure that opened it, first, so that a
            // clipped display (a table cell, a log column) still shows why.
            var suspended = $"requests to it are suspended for {options.CircuitBreaker.BreakDuration} (circuit open)";
            return RegistryFailure.Of(RegistryRequestOutcome.CircuitOpen, what,
                circuits.For(settings.Endpoint(registry).BaseUri) is { } opened
                    ? $"{opened}; {registry} failed repeatedly, so {suspended}"
                    : $"{registry} failed repeatedly; {suspended}");
        }

        if (chain.OfType<TimeoutRejectedException>().Any())
        {
            return RegistryFailure.Of(RegistryRequestOutcome.Timeout, what, TimedOut(registry, options));
        }

        if (chain.OfType<OperationCanceledException>().Any())
        {
            return RegistryFailure.Of(RegistryRequestOutcome.Timeout, what, $"{registry} did not finish the response in time");
        }

        return chain.OfType<HttpRequestException>().LastOrDefault() is { } http
            ? RegistryFailure.Of(RegistryRequestOutcome.ServerError, what, Unreachable(registry, http))
            : null;
    }

    private static List<Exception> Chain(Exception exception)
    {
        var chain = new List<Exception>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            chain.Add(e);
        }

        return chain;
    }

    private static string Unreachable(string registry, HttpRequestException http) =>
        $"could not reach {registry} ({http.HttpRequestError}: {ManifestDocument.Describe(http.Message)})";

    private static string TimedOut(string registry, RegistryOptions options) =>
        $"{registry} did not answer in time (per attempt {options.RequestTimeout}, in all {options.TotalRequestTimeout})";

    private static string Answered(string registry, HttpResponseMessage response) =>
        $"{registry} answered {(int)response.StatusCode} {response.ReasonPhrase}";
}
