using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Monitor.Core.Cadence;
using Monitor.Core.References;
using Monitor.Data.History;
using Monitor.Testing.Postgres;
using Monitor.Testing.Registry;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Polling;

/// <summary>
/// The poll path end to end (real <see cref="Monitor.Worker.Polling.PollCycle"/>, registry client and PostgreSQL, the real registry behind the
/// tests' fault proxy) through one scripted history, once clean and once with a fault on every step: 429 with
/// Retry-After, 500 and 503 (once, and past the retries), slow answers (below and past the request timeout), malformed
/// and missing digest headers, garbage bodies and dropped connections. The history has a multi-arch burst inside the
/// settle window, a rollback, a deletion and a return. Each step is polled twice: a cycle with the step's faults, then a
/// clean one. Both runs must record exactly the pushed digests (no false revision, no lost change), the same events,
/// and windows that contain the true push times.
/// </summary>
public sealed class FaultSuiteTests(PostgresServer postgres, RegistryServerFixture registry) : IClassFixture<RegistryServerFixture>
{
    private const string App = "app";
    private const string Base = "base";
    private const string Tool = "tool";

    private static readonly string[] Tags = [App, Base, Tool];

    /// <summary>
    /// Retries and timeouts short enough for a test; the circuit breaker out of the way (its own tests are
    /// RetryAndCircuitBreakerTests): an open circuit would only move a detection to a later cycle.
    /// </summary>
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Registries:MaxRetries"] = "2",
        ["Registries:RetryBaseDelay"] = "00:00:00.020",
        ["Registries:RequestTimeout"] = "00:00:01",
        ["Registries:TotalRequestTimeout"] = "00:00:10",
        ["Registries:CircuitBreaker:MinimumThroughput"] = "100000",
    };

    private RegistryServer Registry => registry.Server;

    [Fact]
    public async Task A_history_polled_through_faults_records_what_a_clean_run_records_with_every_window_around_its_push()
    {
        var clean = await RunAsync(withFaults: false);
        var faulted = await RunAsync(withFaults: true);

        foreach (var run in new[] { clean, faulted })
        {
            foreach (var tag in Tags)
            {
                // Exactly the digests the script pushed, in order: nothing invented, nothing lost.
                Assert.Equal(run.Expected[tag].Select(p => p.Digest.Value), run.Revisions[tag].Select(r => r.Revision.Digest.Value));
                Assert.Equal(run.Expected[tag].Select(p => p.IsRollback), run.Revisions[tag].Select(r => r.Revision.IsRollback));
                foreach (var (push, stored) in run.Expected[tag].Zip(run.Revisions[tag]).Skip(1))
                {
                    var revision = stored.Revision;
                    Assert.True(revision.PreviousCheckAt <= push.Before && revision.FirstSeenAt >= push.After,
                        $"{run.Name} {tag} {push.Digest}: window [{revision.PreviousCheckAt:O}, {revision.FirstSeenAt:O}] does not hold the push [{push.Before:O}, {push.After:O}]");
                }
            }
        }

        Assert.Equal(new[] { 1, 1, 1 }, clean.Events[App].Select(e => e.ChangeCount));
        Assert.Equal(new[] { 3, 1 }, clean.Events[Base].Select(e => e.ChangeCount));
        Assert.Equal(new[] { false, true }, clean.Events[Tool].Select(e => e.IsRollback));
        foreach (var tag in Tags)
        {
            Assert.Equal(clean.Events[tag].Select(e => (e.ChangeCount, e.IsRollback)), faulted.Events[tag].Select(e => (e.ChangeCount, e.IsRollback)));
        }

        Assert.Equal(0, clean.FailedReads);
        Assert.True(faulted.FailedReads >= 8, $"the faults failed only {faulted.FailedReads} tag reads");
        TestContext.Current.SendDiagnosticMessage(
            $"Fault suite: {faulted.Faults} faults injected over {Steps.Length} steps; {faulted.FailedReads} tag reads failed in the faulted cycles and were " +
            $"recorded by the next; clean run {clean.Elapsed.TotalSeconds:0.0} s, faulted run {faulted.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>The script: each step moves the simulated clock, changes the registry, and names the faults of its faulted cycle.</summary>
    private static readonly Step[] Steps =
    [
        new(TimeSpan.Zero, async s =>
            {
                await s.PushImageAsync(App);
                await s.PushIndexAsync(Base);
                await s.PushImageAsync(Tool);
            },
            s =>
            [
                (RegistryFault.Status(503), s.Head(App), 1),
                (RegistryFault.GarbageBody, s.GetByDigest(Base), 1),
                (RegistryFault.DropConnection, s.Head(Tool), 1),
            ]),
        new(TimeSpan.FromHours(1), s => s.PushImageAsync(App),
            s =>
            [
                (RegistryFault.MalformedDigest, s.Head(App), 1),
                (RegistryFault.Slow(TimeSpan.FromMilliseconds(700)), s.Head(Base), 1),
            ]),
        new(TimeSpan.FromDays(1), s => s.PushIndexAsync(Base),
            s =>
            [
                (RegistryFault.TooManyRequests(TimeSpan.FromSeconds(1)), s.Head(Base), 1),
                (RegistryFault.MissingDigest, s.Head(App), 1),
            ]),
        new(TimeSpan.FromHours(1), s => s.PushIndexAsync(Base),
            s =>
            [
                (RegistryFault.Status(500), s.Head(Base), 3),
                (RegistryFault.MissingDigest, s.Head(Tool), 1),
                (RegistryFault.GarbageBody, s.GetByTag(Tool), 1),
            ]),
        new(TimeSpan.FromHours(1), async s =>
            {
                await s.PushIndexAsync(Base);
                await s.PushImageAsync(Tool);
            },
            s =>
            [
                (RegistryFault.Slow(TimeSpan.FromSeconds(1.5)), s.Head(Tool), 3),
                (RegistryFault.DropConnection, s.GetByDigest(Base), 3),
            ],
            new MidCycle(Held: Base, Pushed: App)),
        // A rollback's digest was read whole before: its details are kept (ContentAddressedReads), so it costs its HEAD only.
        new(TimeSpan.FromDays(1), s => s.RollBackAsync(Tool),
            s =>
            [
                (RegistryFault.TooManyRequests(TimeSpan.FromSeconds(1)), s.Head(Tool), 2),
                (RegistryFault.Status(503), s.Head(App), 1),
            ]),
        new(TimeSpan.FromHours(1), s => s.DeleteAsync(App),
            s =>
            [
                (RegistryFault.Status(503), s.Head(App), 3),
                (RegistryFault.MalformedDigest, s.Head(Base), 1),
            ]),
        new(TimeSpan.FromDays(1), async s =>
            {
                await s.PushImageAsync(App);
                await s.PushIndexAsync(Base);
            },
            s =>
            [
                (RegistryFault.GarbageBody, s.GetByDigest(App), 1),
                (RegistryFault.Status(500), s.GetByDigest(Base), 3),
                (RegistryFault.DropConnection, s.Head(Tool), 1),
            ]),
        new(TimeSpan.FromHours(1), _ => Task.CompletedTask,
            s =>
            [
                (RegistryFault.Status(503), s.Head(App), 1),
                (RegistryFault.Status(503), s.Head(Base), 1),
                (RegistryFault.Status(503), s.Head(Tool), 1),
            ]),
    ];

    private async Task<Run> RunAsync(bool withFaults)
    {
        var ct = TestContext.Current.CancellationToken;
        var stopwatch = Stopwatch.StartNew();
        await using var proxy = await FaultProxy.StartAsync(Registry.BaseUri);
        await using var host = new PollingHost(await postgres.CreateDatabaseAsync(ct), new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero)), Settings, flowing: true);
        var script = new Script(Registry, host.Clock, withFaults ? "faulted" : "clean");
        int faults = 0, failedReads = 0;
        for (var i = 0; i < Steps.Length; i++)
        {
            host.Time.Advance(Steps[i].Gap);
            await Steps[i].ChangeAsync(script);
            if (i == 0)
            {
                foreach (var tag in Tags)
                {
                    await host.WatchAsync(proxy.Registry, script.RepositoryAndTag(tag));
                }
            }

            var during = Steps[i].During;
            var hold = during is null ? null : proxy.Hold(script.Head(during.Held), times: 1);
            var answeredBefore = during is null ? 0 : proxy.Answered.Count(request => request == script.HeadRequest(during.Pushed));
            var rules = withFaults ? Steps[i].Faults(script).Select(f => proxy.Inject(f.Fault, f.Match, f.Times)).ToList() : [];
            var cycle = host.Cycle.RunAsync(PollingHost.Group, ct);
            if (during is not null)
            {
                // A change while the cycle still waits for another tag: the tag's window starts at its own request, not at the cycle's end.
                await hold!.Arrived.WaitAsync(TimeSpan.FromSeconds(30), ct);
                while (proxy.Answered.Count(request => request == script.HeadRequest(during.Pushed)) == answeredBefore)
                {
                    await Task.Delay(10, ct);
                }

                await script.PushImageAsync(during.Pushed);
                hold.Release();
            }

            var faulted = await cycle;
            proxy.ClearRules();
            var followUp = await host.Cycle.RunAsync(PollingHost.Group, ct);

            Assert.All(rules, rule => Assert.True(rule.Hits > 0, $"step {i}: {rule.Fault} never happened"));
            Assert.True(followUp.Failed == 0, $"step {i}: the clean cycle after the faults failed {followUp.Failed} tag(s)");
            faults += rules.Sum(rule => rule.Hits);
            failedReads += faulted.Failed;
        }

        var ids = (await host.RowsAsync("SELECT id, repository FROM monitor.watched_tag")).ToDictionary(r => script.TagOf((string)r["repository"]!), r => (long)r["id"]!);
        var revisions = await host.Get<HistoryReader>().LoadRevisionsAsync([.. ids.Values], withPlatforms: false, ct);
        var byTag = Tags.ToDictionary(tag => tag, tag => (IReadOnlyList<StoredRevision>)[.. revisions[ids[tag]].OrderBy(r => r.Revision.FirstSeenAt)]);
        var events = Tags.ToDictionary(tag => tag,
            tag => CadenceCalculator.Summarise([.. byTag[tag].Select(r => r.Revision)], host.Clock.GetUtcNow()).Events);
        return new Run(script.Name, script.Pushes, byTag, events, faults, failedReads, stopwatch.Elapsed);
    }

    private sealed record Step(
        TimeSpan Gap, Func<Script, Task> ChangeAsync, Func<Script, (RegistryFault Fault, Func<HttpRequest, bool> Match, int Times)[]> Faults, MidCycle? During = null);

    /// <summary>In the first cycle of the step, <paramref name="Held"/>'s HEAD waits until <paramref name="Pushed"/> has been answered and then re-pushed.</summary>
    private sealed record MidCycle(string Held, string Pushed);

    private sealed record Run(
        string Name,
        IReadOnlyDictionary<string, List<Push>> Expected,
        IReadOnlyDictionary<string, IReadOnlyList<StoredRevision>> Revisions,
        IReadOnlyDictionary<string, IReadOnlyList<RebuildEvent>> Events,
        int Faults,
        int FailedReads,
        TimeSpan Elapsed);

    /// <summary>A manifest the tag got from the script, and the span of the clock in which the registry made it so.</summary>
    private sealed record Push(PushedManifest Manifest, DateTimeOffset Before, DateTimeOffset After, bool IsRollback)
    {
        public Sha256Digest Digest => Manifest.Digest;
    }

    /// <summary>One run's repositories (<c>{run}-{tag}-{unique}</c>) and what was pushed to them, when.</summary>
    private sealed class Script(RegistryServer registry, TimeProvider clock, string name)
    {
        private readonly string unique = Guid.NewGuid().ToString("N")[..8];

        public string Name => name;

        public Dictionary<string, List<Push>> Pushes { get; } = Tags.ToDictionary(tag => tag, _ => new List<Push>());

        public string Repository(string tag) => $"{name}-{tag}-{unique}";

        public string RepositoryAndTag(string tag) => $"{Repository(tag)}:1";

        public string TagOf(string repository) => Tags.Single(tag => Repository(tag) == repository);

        public Func<HttpRequest, bool> Head(string tag) => FaultProxy.Request("HEAD", $"/{Repository(tag)}/manifests/1");

        /// <summary>The tag's HEAD as <see cref="FaultProxy.Answered"/> lists it.</summary>
        public string HeadRequest(string tag) => $"HEAD /v2/{Repository(tag)}/manifests/1";

        public Func<HttpRequest, bool> GetByTag(string tag) => FaultProxy.Request("GET", $"/{Repository(tag)}/manifests/1");

        public Func<HttpRequest, bool> GetByDigest(string tag) =>
            request => request.Method == "GET" && request.Path.Value?.Contains($"/{Repository(tag)}/manifests/sha256:", StringComparison.Ordinal) == true;

        public Task PushImageAsync(string tag) => RecordAsync(tag, false, async () => await registry.Pusher.PushImageAsync(Repository(tag), "1"));

        public Task PushIndexAsync(string tag) => RecordAsync(tag, false,
            async () => await registry.Pusher.PushIndexAsync(Repository(tag), "1", [PlatformSpec.LinuxAmd64, PlatformSpec.LinuxArm64]));

        /// <summary>Points the tag back at its first manifest.</summary>
        public Task RollBackAsync(string tag) => RecordAsync(tag, true, async () =>
        {
            var first = Pushes[tag][0].Manifest;
            await registry.Pusher.TagAsync(first, "1");
            return first;
        });

        public async Task DeleteAsync(string tag) => await registry.Pusher.DeleteTagAsync(Repository(tag), "1");

        private async Task RecordAsync(string tag, bool isRollback, Func<Task<PushedManifest>> push)
        {
            var before = clock.GetUtcNow();
            var manifest = await push();
            Pushes[tag].Add(new Push(manifest, before, clock.GetUtcNow(), isRollback));
        }
    }
}
