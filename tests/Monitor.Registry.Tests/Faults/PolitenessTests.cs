using System.Diagnostics;
using Monitor.Core.References;
using Monitor.Registry.Client;
using Monitor.Registry.Tests.Support;

namespace Monitor.Registry.Tests.Faults;

/// <summary>Per-host concurrency limits and request rates hold however many callers there are.</summary>
public sealed class PolitenessTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Concurrent_requests_to_one_registry_stay_within_its_limit()
    {
        var inFlight = new Dictionary<string, int>();
        var peak = new Dictionary<string, int>();
        var stub = new StubHandler(async (request, ct) =>
        {
            var host = request.RequestUri!.Host;
            lock (inFlight)
            {
                inFlight[host] = inFlight.GetValueOrDefault(host) + 1;
                peak[host] = Math.Max(peak.GetValueOrDefault(host), inFlight[host]);
            }

            await Task.Delay(50, ct);
            lock (inFlight)
            {
                inFlight[host]--;
            }

            return Responses.ManifestHead(Responses.RandomDigest());
        });
        await using var host = new RegistryTestHost(new Dictionary<string, string?>
        {
            ["Registries:RequestsPerSecond"] = "1000",
            ["Registries:Hosts:narrow.test:MaxConcurrency"] = "2",
            ["Registries:Hosts:wide.test:MaxConcurrency"] = "6",
        }, stub);

        var requests = Enumerable.Range(0, 12).SelectMany(i => new[]
        {
            host.Client.ResolveAsync(ImageReference.Parse($"narrow.test/app:{i}"), Cancel),
            host.Client.ResolveAsync(ImageReference.Parse($"wide.test/app:{i}"), Cancel),
        });
        var results = await Task.WhenAll(requests);

        Assert.All(results, r => Assert.IsType<ResolveResult.Found>(r));
        Assert.Equal(2, peak["narrow.test"]);
        Assert.InRange(peak["wide.test"], 3, 6);
    }

    [Fact]
    public async Task Requests_to_one_registry_are_spread_to_its_request_rate()
    {
        var stub = new StubHandler(_ => Responses.ManifestHead(Responses.RandomDigest()));
        await using var host = new RegistryTestHost(new Dictionary<string, string?>
        {
            ["Registries:Hosts:slow.test:RequestsPerSecond"] = "4",
        }, stub);
        var clock = Stopwatch.StartNew();

        // 4 at once, then 4 per second: the 12th request cannot leave before 2 s.
        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => host.Client.ResolveAsync(ImageReference.Parse($"slow.test/app:{i}"), Cancel)));

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"12 requests at 4/s took only {clock.Elapsed}");
        Assert.Equal(12, stub.Requests.Count);
    }
}
