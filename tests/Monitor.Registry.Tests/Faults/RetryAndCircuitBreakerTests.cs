using System.Net;
using Monitor.Core.References;
using Monitor.Registry.Client;
using Monitor.Registry.Observability;
using Monitor.Registry.Tests.Support;

namespace Monitor.Registry.Tests.Faults;

/// <summary>Only transient failures are retried (jittered exponential backoff); repeated failure opens a per-registry circuit.</summary>
public sealed class RetryAndCircuitBreakerTests
{
    private static readonly Sha256Digest Digest = Responses.RandomDigest();
    private static readonly ImageReference Reference = ImageReference.Parse("flaky.test/team/app:1");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> FastRetries(int retries = 3, string requestTimeout = "00:00:05") => new()
    {
        ["Registries:MaxRetries"] = retries.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Registries:RetryBaseDelay"] = "00:00:00.005",
        ["Registries:RequestTimeout"] = requestTimeout,
        ["Registries:TotalRequestTimeout"] = "00:00:10",
        ["Registries:CircuitBreaker:MinimumThroughput"] = "100",
    };

    [Fact]
    public async Task Server_error_is_retried_then_succeeds()
    {
        var calls = 0;
        var stub = new StubHandler(_ => Interlocked.Increment(ref calls) <= 2 ? Responses.Status(HttpStatusCode.InternalServerError) : Responses.ManifestHead(Digest));
        await using var host = new RegistryTestHost(FastRetries(), stub);

        var result = await host.Client.ResolveAsync(Reference, Cancel);

        Assert.Equal(Digest, Assert.IsType<ResolveResult.Found>(result).Digest);
        Assert.Equal(3, stub.Requests.Count);
    }

    [Fact]
    public async Task Persistent_server_error_fails_after_the_configured_retries()
    {
        var stub = new StubHandler(_ => Responses.Status(HttpStatusCode.ServiceUnavailable));
        await using var host = new RegistryTestHost(FastRetries(3), stub);

        var result = await host.Client.ResolveAsync(Reference, Cancel);

        var failure = Assert.IsType<ResolveResult.Failed>(result).Failure;
        Assert.Equal(RegistryRequestOutcome.ServerError, failure.Kind);
        Assert.Contains("503", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(4, stub.Requests.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, null)]
    [InlineData(HttpStatusCode.Unauthorized, RegistryRequestOutcome.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden, RegistryRequestOutcome.Unauthorized)]
    [InlineData(HttpStatusCode.BadRequest, RegistryRequestOutcome.InvalidResponse)]
    public async Task Client_errors_are_never_retried(HttpStatusCode status, RegistryRequestOutcome? failure)
    {
        var stub = new StubHandler(_ => Responses.Status(status));
        await using var host = new RegistryTestHost(FastRetries(), stub);

        var result = await host.Client.ResolveAsync(Reference, Cancel);

        if (failure is null)
        {
            Assert.IsType<ResolveResult.NotFound>(result);
        }
        else
        {
            Assert.Equal(failure, Assert.IsType<ResolveResult.Failed>(result).Failure.Kind);
        }

        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task Unauthorized_after_a_fresh_token_is_not_retried_further()
    {
        var stub = new StubHandler(request => request.RequestUri!.Host == "auth.test"
            ? Responses.Json(new { token = "t0k3n", expires_in = 300 })
            : Responses.Challenge("Bearer realm=\"https://auth.test/token\",service=\"flaky.test\",scope=\"repository:team/app:pull\""));
        await using var host = new RegistryTestHost(FastRetries(), stub);

        var result = await host.Client.ResolveAsync(Reference, Cancel);

        Assert.Equal(RegistryRequestOutcome.Unauthorized, Assert.IsType<ResolveResult.Failed>(result).Failure.Kind);
        Assert.Equal(2, stub.CountHost("flaky.test"));
        Assert.Equal(1, stub.CountHost("auth.test"));
    }

    [Fact]
    public async Task Connection_failure_is_retried_and_reported_as_server_error()
    {
        var stub = new StubHandler((_, _) => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (flaky.test:443)"));
        await using var host = new RegistryTestHost(FastRetries(2), stub);

        var result = await host.Client.ResolveAsync(Reference, Cancel);

        var failure = Assert.IsType<ResolveResult.Failed>(result).Failure;
        Assert.Equal(RegistryRequestOutcome.ServerError, failure.Kind);
        Assert.Contains("ConnectionError", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(3, stub.Requests.Count);
        Assert.Null(Assert.Single(host.Observer.Requests).StatusCode);
    }

    [Fact]
    public async Task Registry_that_never_answers_times_out_per_attempt()
    {
        var stub = new StubHandler(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return Responses.Status(HttpStatusCode.OK);
        });
        await using var host = new RegistryTestHost(FastRetries(1, requestTimeout: "00:00:00.300"), stub);

        var result = await host.Client.ResolveAsync(Reference, Cancel);

        var failure = Assert.IsType<ResolveResult.Failed>(result).Failure;
        Assert.Equal(RegistryRequestOutcome.Timeout, failure.Kind);
        Assert.Equal(2, stub.Requests.Count);
        Assert.Equal(RegistryRequestOutcome.Timeout, Assert.Single(host.Observer.Requests).Outcome);
    }

    [Fact]
    public async Task Repeated_failures_open_the_circuit_of_that_registry_only()
    {
        var stub = new StubHandler(request => request.RequestUri!.Host == "flaky.test"
            ? Responses.Status(HttpStatusCode.InternalServerError)
            : Responses.ManifestHead(Digest));
        var settings = FastRetries(0);
        settings["Registries:CircuitBreaker:MinimumThroughput"] = "2";
        settings["Registries:CircuitBreaker:FailureRatio"] = "0.5";
        settings["Registries:CircuitBreaker:BreakDuration"] = "00:05:00";
        await using var host = new RegistryTestHost(settings, stub);

        var results = new List<ResolveResult>();
        for (var i = 0; i < 5; i++)
        {
            results.Add(await host.Client.ResolveAsync(Reference, Cancel));
        }

        var healthy = await host.Client.ResolveAsync(ImageReference.Parse("healthy.test/team/app:1"), Cancel);

        var kinds = results.Select(r => Assert.IsType<ResolveResult.Failed>(r).Failure.Kind).ToList();
        Assert.Equal(RegistryRequestOutcome.ServerError, kinds[0]);
        Assert.Equal(RegistryRequestOutcome.CircuitOpen, kinds[^1]);
        Assert.True(stub.CountHost("flaky.test") < 5, $"the open circuit should stop requests, saw {stub.CountHost("flaky.test")}");
        Assert.Contains("circuit open", Assert.IsType<ResolveResult.Failed>(results[^1]).Failure.Reason, StringComparison.Ordinal);
        Assert.IsType<ResolveResult.Found>(healthy);
        Assert.Contains(host.Observer.Requests, r => r.Outcome == RegistryRequestOutcome.CircuitOpen);
        Assert.All(host.Observer.Requests.Where(r => r.Outcome == RegistryRequestOutcome.CircuitOpen), r => Assert.Null(r.StatusCode));
        Assert.Contains(host.Observer.Requests, r => r is { Outcome: RegistryRequestOutcome.ServerError, StatusCode: 500 });
    }
}
