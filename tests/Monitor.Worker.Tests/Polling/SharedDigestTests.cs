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
    private static readonly string[] Aliases = ["3.13-slim", "3.13.1-slim", "3-slim", "slim", "slim-bookworm", "3.13-slim-bookworm"];

    private RegistryServer Registry => registry.Server;

    [Fact]
    public async Task Tags_on_one_digest_cost_one_manifest_and_one_config_read_per_repository()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var proxy = await FaultProxy.StartAsync(Registry.BaseUri);
        var (repo, other) = (Unique("alias"), Unique("copy"));
        var shared = await AliasedAsync(repo, Start.AddDays(-40), ct);
        var own = await Registry.Pusher.PushImageAsync(repo, "3.12-slim", PlatformSpec.LinuxArm64, created: Start.AddDays(-90), cancellationToken: ct);
        await CopyAsync(shared, other, ct);
        await using var polling = new PollingHost(await postgres.CreateDatabaseAsync(ct), new FakeTimeProvider(Start));
        foreach (var tag in Aliases.Select(a => $"{repo}:{a}").Append($"{repo}:3.12-slim").Append($"{other}:a").Append($"{other}:b"))
        {
            await polling.WatchAsync(proxy.Registry, tag);
        }

        // First sightings: a HEAD each, and one manifest and one config read per image and repository.
        var baseline = await polling.PollAsync(TimeSpan.Zero);

        Assert.Equal((9, 9, 0), (baseline.Changes, baseline.Baselines, baseline.Failed));
        Assert.Equal(9, proxy.Answered.Count(r => r.StartsWith("HEAD ", StringComparison.Ordinal)));
        Assert.Equal((1, 1), (Reads(proxy, repo, shared.Digest), Reads(proxy, repo, shared.ConfigDigest)));
        Assert.Equal((1, 1), (Reads(proxy, repo, own.Digest), Reads(proxy, repo, own.ConfigDigest)));
        Assert.Equal((1, 1), (Reads(proxy, other, shared.Digest), Reads(proxy, other, shared.ConfigDigest)));
        Assert.Equal(6, proxy.Answered.Count(r => r.StartsWith("GET ", StringComparison.Ordinal)));
        await AssertRecordedAsync(polling, (shared, Start.AddDays(-40), "linux/amd64"), (own, Start.AddDays(-90), "linux/arm64"));

        // Every tag moves to a new image: a HEAD each, and one manifest and one config read per image and repository.
        var rebuilt = await AliasedAsync(repo, Start.AddDays(-1), ct);
        var ownRebuilt = await Registry.Pusher.PushImageAsync(repo, "3.12-slim", PlatformSpec.LinuxArm64, created: Start.AddDays(-2), cancellationToken: ct);
        await CopyAsync(rebuilt, other, ct);
        var heads = proxy.Answered.Count(r => r.StartsWith("HEAD ", StringComparison.Ordinal));
        var changed = await polling.PollAsync();

        Assert.Equal((9, 0, 0), (changed.Changes, changed.Baselines, changed.Failed));
        Assert.Equal(heads + 9, proxy.Answered.Count(r => r.StartsWith("HEAD ", StringComparison.Ordinal)));
        Assert.Equal((1, 1), (Reads(proxy, repo, rebuilt.Digest), Reads(proxy, repo, rebuilt.ConfigDigest)));
        Assert.Equal((1, 1), (Reads(proxy, repo, ownRebuilt.Digest), Reads(proxy, repo, ownRebuilt.ConfigDigest)));
        Assert.Equal((1, 1), (Reads(proxy, other, rebuilt.Digest), Reads(proxy, other, rebuilt.ConfigDigest)));
        await AssertRecordedAsync(polling, (rebuilt, Start.AddDays(-1), "linux/amd64"), (ownRebuilt, Start.AddDays(-2), "linux/arm64"));
    }

    [Theory]
    [InlineData("garbage manifest")]
    [InlineData("manifest 503")]
    public async Task A_failed_read_is_not_kept_and_a_whole_one_serves_tags_of_later_cycles(string fault)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var proxy = await FaultProxy.StartAsync(Registry.BaseUri);
        var repo = Unique("kept");
        var first = await Registry.Pusher.PushImageAsync(repo, "1", cancellationToken: ct);
        await Registry.Pusher.TagAsync(first, "2", ct);
        await using var polling = new PollingHost(await postgres.CreateDatabaseAsync(ct), new FakeTimeProvider(Start));
        await polling.WatchAsync(proxy.Registry, $"{repo}:1");
        await polling.WatchAsync(proxy.Registry, $"{repo}:2");
        await polling.PollAsync(TimeSpan.Zero);
        var image = await Registry.Pusher.PushImageAsync(repo, "1", created: Start.AddDays(-5), cancellationToken: ct);
        await Registry.Pusher.TagAsync(image, "2", ct);
        await Registry.Pusher.TagAsync(image, "3", ct);
        var rule = proxy.Inject(fault == "garbage manifest" ? RegistryFault.GarbageBody : RegistryFault.Status(503),
            FaultProxy.Request("GET", $"/manifests/{image.Digest}"), times: int.MaxValue);

        var failed = await polling.PollAsync();
        proxy.ClearRules();
        var recovered = await polling.PollAsync();

        Assert.Equal((0, 2), (failed.Changes, failed.Failed));
        Assert.True(rule.Hits >= 1);
        Assert.Equal((2, 0, 0), (recovered.Changes, recovered.Baselines, recovered.Failed));
        Assert.Equal((rule.Hits + 1, 1), (Reads(proxy, repo, image.Digest), Reads(proxy, repo, image.ConfigDigest)));

        // A tag watched later that points at the image read whole costs its HEAD only.
        await polling.WatchAsync(proxy.Registry, $"{repo}:3");
        var later = await polling.PollAsync();

        Assert.Equal((1, 1, 2), (later.Changes, later.Baselines, later.Unchanged));
        Assert.Equal((rule.Hits + 1, 1), (Reads(proxy, repo, image.Digest), Reads(proxy, repo, image.ConfigDigest)));
        Assert.Equal(1, proxy.Answered.Count(r => r == $"HEAD /v2/{repo}/manifests/3"));
        var latest = await polling.RowsAsync($"SELECT image_created_at FROM monitor.tag_revision WHERE digest = '{image.Digest.Value}'");
        Assert.Equal([Start.AddDays(-5), Start.AddDays(-5), Start.AddDays(-5)], latest.Select(r => PollingHost.At(r["image_created_at"])));
    }

    /// <summary>An image pushed under every alias tag.</summary>
    private async Task<PushedImage> AliasedAsync(string repository, DateTimeOffset created, CancellationToken ct)
    {
        var image = await Registry.Pusher.PushImageAsync(repository, Aliases[0], created: created, cancellationToken: ct);
        foreach (var alias in Aliases.Skip(1))
        {
            await Registry.Pusher.TagAsync(image, alias, ct);
        }

        return image;
    }

    /// <summary>The same image (same digest) in another repository, tagged <c>a</c> and <c>b</c>.</summary>
    private async Task CopyAsync(PushedImage image, string repository, CancellationToken ct)
    {
        await Registry.Pusher.CopyAsync(image, repository, "a", ct);
        await Registry.Pusher.TagAsync(image with { Repository = repository }, "b", ct);
    }

    /// <summary>Every tag's current revision is recorded whole from its image's one read: digest, build time and platform.</summary>
    private static async Task AssertRecordedAsync(PollingHost polling, (PushedImage Image, DateTimeOffset Built, string Platform) shared,
        (PushedImage Image, DateTimeOffset Built, string Platform) own)
    {
        var current = await polling.RowsAsync("""
            SELECT t.tag, r.digest, r.image_created_at, p.os || '/' || p.architecture AS platform
            FROM monitor.watched_tag t JOIN monitor.tag_revision r ON r.id = t.current_revision_id
            LEFT JOIN monitor.revision_platform p ON p.revision_id = r.id
            """);
        Assert.Equal(9, current.Count);
        foreach (var revision in current)
        {
            var (image, built, platform) = (string)revision["tag"]! == "3.12-slim" ? own : shared;
            Assert.Equal((image.Digest.Value, built, platform),
                ((string)revision["digest"]!, PollingHost.At(revision["image_created_at"]), (string?)revision["platform"]));
        }
    }

    /// <summary>GETs of this manifest or blob digest in this repository, as the proxy answered them (faults included).</summary>
    private static int Reads(FaultProxy proxy, string repository, Monitor.Core.References.Sha256Digest digest) =>
        proxy.Answered.Count(r => r == $"GET /v2/{repository}/manifests/{digest}" || r == $"GET /v2/{repository}/blobs/{digest}");

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..20];
}
