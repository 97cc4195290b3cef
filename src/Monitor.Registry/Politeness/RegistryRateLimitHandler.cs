namespace Monitor.Registry.Politeness;

/// <summary>Holds every request to a host to that host's concurrency limit and request rate (queueing, never dropping).</summary>
internal sealed class RegistryRateLimitHandler(RegistryHostGates gates) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var gate = gates.For(request.RequestUri!.Authority, RegistryRequestOptions.RegistryOf(request));
        using var slot = await gate.Concurrency.AcquireAsync(1, cancellationToken);
        using var permit = await gate.Rate.AcquireAsync(1, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
