using Microsoft.Extensions.Time.Testing;
using Monitor.Testing.Postgres;
using Monitor.Testing.Registry;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Polling;

/// <summary>
/// Alias tags (<c>3.13-slim</c>, <c>3.13.1-slim</c>, <c>slim-bookworm</c>…) point at one image: a poll reads each image's
/// manifest and config once per repository and records every tag from that one read, in the cycle that first sees the
/// digest and in later ones. A different digest, or the same digest in another repository, is read on its own; a failed or
/// garbage read is never kept. Requests are counted at a proxy in front of the real registry.
/// </summary>
public sealed class SharedDigestTests(PostgresServer postgres, RegistryServerFixture registry) : IClassFixture<RegistryServerFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 8, 0, 0, TimeSpan.Zero);

    private RegistryServer Registry => registry.Server;

    [Fact]
    public async Task Tags_on_one_digest_cost_one_manifest_and_one_config_read_per_repository()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var proxy = await FaultProxy.StartAsync(Registry.BaseUri);
        var (repo, other) = (Unique("alias"), Unique("copy"));
        var shared = await Registry.Pusher.PushImageAsync(repo, "3.13-slim", created: Start.AddDays(-40), cancellationToken: ct);
        string[] aliases = ["3.13-slim", "3.13.1-slim", "3-slim", "slim", "slim-bookworm", "3.13-slim-bookworm"];
        foreach (var alias in aliases.Skip(1))
        {
            await Registry.Pusher.TagAsync(shared, alias, ct);
        }

        var own = await Registry.Pusher.PushImageAsync(repo, "3.12-slim", PlatformSpec.LinuxArm64, created: Start.AddDays(-90), cancellationToken: ct);
        await Registry.Pusher.CopyAsync(shared, other, "a", ct);
        await Registry.Pusher.TagAsync(shared with { Repository = other }, "b", ct);
        await using var polling = new PollingHost(await postgres.CreateDatabaseAsync(ct), new FakeTimeProvider(Start));
        foreach (var tag in aliases.Select(a => $"{repo}:{a}").Append($"{repo}:3.12-slim").Append($"{other}:a").Append($"{other}:b"))
        {
            await polling.WatchAsync(proxy.Registry, tag);
        }

        var baseline = await polling.PollAsync(TimeSpan.Zero);

        Assert.Equal((9, 9, 0), (baseline.Changes, baseline.Baselines, baseline.Failed));
        Assert.Equal(1, Reads(proxy, $"GET /v2/{repo}/manifests/{shared.Digest}"));
        Assert.Equal(1, Reads(proxy, $"GET /v2/{repo}/blobs/{shared.ConfigDigest}"));
        Assert.Equal((1, 1), (Reads(proxy, $"GET /v2/{repo}/manifests/{own.Digest}"), Reads(proxy, $"GET /v2/{repo}/blobs/{own.ConfigDigest}")));
        Assert.Equal((1, 1), (Reads(proxy, $"GET /v2/{other}/manifests/{shared.Digest}"), Reads(proxy, $"GET /v2/{other}/blobs/{shared.ConfigDigest}")));
        Assert.Equal(9, proxy.Answered.Count(r => r.StartsWith("HEAD ", StringComparison.Ordinal)));

        // Every tag is recorded whole from its image's one read: its build time and its platform.
        var revisions = await polling.RowsAsync("""
            SELECT t.repository, t.tag, r.digest, r.image_created_at, p.os || '/' || p.architecture AS platform
            FROM monitor.tag_revision r JOIN monitor.watched_tag t ON t.id = r.watched_tag_id
            LEFT JOIN monitor.revision_platform p ON p.revision_id = r.id
            """);
        Assert.Equal(9, revisions.Count);
        foreach (var revision in revisions)
        {
            var isOwn = (string)revision["tag"]! == "3.12-slim";
            Assert.Equal(
                (isOwn ? own.Digest.Value : shared.Digest.Value, isOwn ? Start.AddDays(-90) : Start.AddDays(-40), isOwn ? "linux/arm64" : "linux/amd64"),
                ((string)revision["digest"]!, PollingHost.At(revision["image_created_at"]), (string?)revision["platform"]));
        }
    }

    [Theory]
    [InlineData("garbage manifest")]
    [InlineData("manifest 503")]
    public async Task A_failed_read_is_not_kept_and_a_whole_one_serves_tags_of_later_cycles(string fault)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var proxy = await FaultProxy.StartAsync(Registry.BaseUri);
        var repo = Unique("kept");
        var image = await Registry.Pusher.PushImageAsync(repo, "1", created: Start.AddDays(-5), cancellationToken: ct);
        await Registry.Pusher.TagAsync(image, "2", ct);
        await Registry.Pusher.TagAsync(image, "3", ct);
        var manifest = $"GET /v2/{repo}/manifests/{image.Digest}";
        var config = $"GET /v2/{repo}/blobs/{image.ConfigDigest}";
        await using var polling = new PollingHost(await postgres.CreateDatabaseAsync(ct), new FakeTimeProvider(Start));
        await polling.WatchAsync(proxy.Registry, $"{repo}:1");
        await polling.WatchAsync(proxy.Registry, $"{repo}:2");
        var rule = proxy.Inject(fault == "garbage manifest" ? RegistryFault.GarbageBody : RegistryFault.Status(503),
            FaultProxy.Request("GET", $"/manifests/{image.Digest}"), times: int.MaxValue);

        var failed = await polling.PollAsync(TimeSpan.Zero);
        proxy.ClearRules();
        var recovered = await polling.PollAsync();

        Assert.Equal((0, 2), (failed.Changes, failed.Failed));
        Assert.True(rule.Hits >= 1);
        Assert.Equal((2, 2, 0), (recovered.Changes, recovered.Baselines, recovered.Failed));
        Assert.Equal((rule.Hits + 1, 1), (Reads(proxy, manifest), Reads(proxy, config)));

        // A tag watched later that points at the image it has read whole costs its HEAD only.
        await polling.WatchAsync(proxy.Registry, $"{repo}:3");
        var later = await polling.PollAsync();

        Assert.Equal((1, 1, 2), (later.Changes, later.Baselines, later.Unchanged));
        Assert.Equal((rule.Hits + 1, 1), (Reads(proxy, manifest), Reads(proxy, config)));
        Assert.Equal([Start.AddDays(-5)], (await polling.RowsAsync("SELECT DISTINCT image_created_at FROM monitor.tag_revision")).Select(r => PollingHost.At(r["image_created_at"])));
        Assert.Equal(3, await polling.CountAsync("SELECT count(*) FROM monitor.revision_platform"));
    }

    /// <summary>Requests answered, as the proxy saw them (faults included).</summary>
    private static int Reads(FaultProxy proxy, string request) => proxy.Answered.Count(r => r == request);

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..20];
}
