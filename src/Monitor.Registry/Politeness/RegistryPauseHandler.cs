using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Monitor.Registry.Configuration;

namespace Monitor.Registry.Politeness;

/// <summary>
/// Honours 429 for the whole host: the <c>Retry-After</c> pause applies to every request to it. Requests wait
/// out pauses up to <see cref="RegistryOptions.MaxRetryAfterWait"/> (the 429'd request is then sent once more);
/// during longer pauses they get a 429 at once without touching the network.
/// </summary>
internal sealed class RegistryPauseHandler(RegistryHostGates gates, RegistrySettings settings, TimeProvider time, ILogger<RegistryPauseHandler> logger)
    : DelegatingHandler
{
    private const int ResendsAfter429 = 1;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var authority = request.RequestUri!.Authority;
        var gate = gates.For(authority, RegistryRequestOptions.RegistryOf(request));
        var options = settings.Options;
        for (var attempt = 0; ; attempt++)
        {
            if (!await WaitOutPauseAsync(gate, options.MaxRetryAfterWait, cancellationToken))
            {
                return Paused(request, gate.PausedUntil!.Value);
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                return response;
            }

            var now = time.GetUtcNow();
            var delay = RetryAfter.From(response, now) ?? options.DefaultRetryAfter;
            gate.PauseUntil(now + delay);
            // Information: the cycle's summary warns once per registry, naming the 429 and the pause.
            logger.LogInformation("{Host} answered 429 Too Many Requests; pausing all requests to it for {Delay}", authority, delay);
            if (attempt >= ResendsAfter429 || delay > options.MaxRetryAfterWait)
            {
                return response;
            }

            response.Dispose();
        }
    }

    /// <summary>False when the pause is longer than a request should wait.</summary>
    private async Task<bool> WaitOutPauseAsync(RegistryHostGate gate, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        while (gate.PausedUntil is { } until && until - time.GetUtcNow() is var remaining && remaining > TimeSpan.Zero)
        {
            if (remaining > maxWait)
            {
                return false;
            }

            await Task.Delay(remaining, time, cancellationToken);
        }

        return true;
    }

    private static HttpResponseMessage Paused(HttpRequestMessage request, DateTimeOffset until)
    {
        request.Options.Set(RegistryRequestOptions.PausedUntil, until);
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { RequestMessage = request };
        response.Headers.RetryAfter = new RetryConditionHeaderValue(until);
        return response;
    }
}
