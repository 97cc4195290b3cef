using System.Net;
using Microsoft.Extensions.Time.Testing;
using Monitor.Core.References;
using Monitor.Registry.Client;
using Monitor.Registry.Observability;
using Monitor.Registry.Tests.Support;

namespace Monitor.Registry.Tests.Faults;

/// <summary>429 + Retry-After pauses every request to that registry, not just the one that got it.</summary>
public sealed class RateLimitPauseTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly Sha256Digest Digest = Responses.RandomDigest();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Retry_after_in_seconds_pauses_all_requests_to_that_registry()
    {
        var clock = new FakeTimeProvider(Start);
        var first = true;
        var stub = new StubHandler(request =>
        {
            if (request.RequestUri!.Host == "busy.test" && first)
            {
                first = false;
                var tooMany = Responses.Status(HttpStatusCode.TooManyRequests);
                tooMany.Headers.TryAddWithoutValidation("Retry-After", "30");
                return tooMany;
            }

            return Responses.ManifestHead(Digest);
        });
        await using var host = new RegistryTestHost(primaryHandler: stub, time: clock);

        var a = host.Client.ResolveAsync(ImageReference.Parse("busy.test/app:a"), Cancel);
        await WaitUntilAsync(() => stub.CountHost("busy.test") == 1);
        var b = host.Client.ResolveAsync(ImageReference.Parse("busy.test/app:b"), Cancel);
        var other = await host.Client.ResolveAsync(ImageReference.Parse("calm.test/app:c"), Cancel);
        await Task.Delay(200, Cancel);

        Assert.IsType<ResolveResult.Found>(other);
        Assert.False(a.IsCompleted);
        Assert.False(b.IsCompleted);
        Assert.Equal(1, stub.CountHost("busy.test"));

        clock.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(100, Cancel);
        Assert.Equal(1, stub.CountHost("busy.test"));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.IsType<ResolveResult.Found>(await a);
        Assert.IsType<ResolveResult.Found>(await b);
        Assert.Equal(3, stub.CountHost("busy.test"));
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_pauses_until_that_moment()
    {
        var clock = new FakeTimeProvider(Start);
        var first = true;
        var stub = new StubHandler(request =>
        {
            if (first)
            {
                first = false;
                var tooMany = Responses.Status(HttpStatusCode.TooManyRequests);
                tooMany.Headers.TryAddWithoutValidation("Retry-After", Start.AddSeconds(45).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                return tooMany;
            }

            return Responses.ManifestHead(Digest);
        });
        await using var host = new RegistryTestHost(primaryHandler: stub, time: clock);

        var a = host.Client.ResolveAsync(ImageReference.Parse("busy.test/app:a"), Cancel);
        await WaitUntilAsync(() => stub.Requests.Count == 1);
        clock.Advance(TimeSpan.FromSeconds(44));
        await Task.Delay(150, Cancel);
        Assert.False(a.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.IsType<ResolveResult.Found>(await a);
        Assert.Equal(2, stub.Requests.Count);
    }

    [Fact]
    public async Task Pause_longer_than_the_wait_limit_fails_requests_fast_without_sending_them()
    {
        var clock = new FakeTimeProvider(Start);
        var stub = new StubHandler(_ =>
        {
            var tooMany = Responses.Status(HttpStatusCode.TooManyRequests);
            tooMany.Headers.TryAddWithoutValidation("Retry-After", "3600");
            return tooMany;
        });
        await using var host = new RegistryTestHost(primaryHandler: stub, time: clock);

        var first = await host.Client.ResolveAsync(ImageReference.Parse("busy.test/app:a"), Cancel);
        var second = await host.Client.ResolveAsync(ImageReference.Parse("busy.test/app:b"), Cancel);

        Assert.Equal(RegistryRequestOutcome.RateLimited, Assert.IsType<ResolveResult.Failed>(first).Failure.Kind);
        var paused = Assert.IsType<ResolveResult.Failed>(second).Failure;
        Assert.Equal(RegistryRequestOutcome.RateLimited, paused.Kind);
        Assert.Contains("asked to pause (429) until 2026-01-05T13:00:00", paused.Reason, StringComparison.Ordinal);
        Assert.Single(stub.Requests);
        Assert.Equal([RegistryRequestOutcome.RateLimited, RegistryRequestOutcome.RateLimited], host.Observer.Requests.Select(r => r.Outcome));
        // The paused request never reached the registry: no status code to report for it.
        Assert.Equal([429, null], host.Observer.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task Rate_limited_request_is_not_retried_by_the_resilience_pipeline()
    {
        var stub = new StubHandler(_ => Responses.Status(HttpStatusCode.TooManyRequests));
        await using var host = new RegistryTestHost(new Dictionary<string, string?> { ["Registries:DefaultRetryAfter"] = "01:00:00" }, stub);

        var result = await host.Client.ResolveAsync(ImageReference.Parse("busy.test/app:a"), Cancel);

        Assert.Equal(RegistryRequestOutcome.RateLimited, Assert.IsType<ResolveResult.Failed>(result).Failure.Kind);
        Assert.Single(stub.Requests);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10, Cancel);
        }

        Assert.True(condition(), "condition not reached within 5 s");
    }
}
