using Monitor.Testing.Postgres;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Web;

/// <summary>
/// A fleet like the one the vendor question is about, seeded straight into the database (<see cref="HistoryBuilder"/>)
/// and served by the real host at <see cref="Now"/>: Chainguard, Distroless, Docker official images, Ubuntu chiseled
/// images (Canonical's on Docker Hub, Microsoft's .NET ones on MCR), Quay and GHCR. Each tag is first seen
/// <see cref="Watched"/> before <see cref="Now"/> and rebuilt every <see cref="Tag.Every"/> days after that, so its median
/// interval is exactly that many days (by hand: see <see cref="Tags"/>).
/// </summary>
public sealed class VendorFleet(PostgresServer postgres) : SeededHost(postgres, Now, [.. Tags.Select(t => t.Group).Distinct()])
{
    /// <summary>Sunday 1 March 2026, 12:00 UTC.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>How long before <see cref="Now"/> every tag with history was first seen.</summary>
    public static readonly TimeSpan Watched = TimeSpan.FromDays(120);

    public const string FailingError = "GET https://ghcr.io/v2/home-assistant/home-assistant/manifests/stable: 503 Service Unavailable (retried 3 times)";

    /// <param name="Every">Days between rebuilds; 0 for a tag never polled successfully (no history).</param>
    /// <param name="StoppedDaysAgo">The last rebuild is at least this many days old (a stale tag).</param>
    /// <param name="Pushed">The registry reports push times (10 minutes before each sighting).</param>
    /// <param name="MultiArch">An index of linux/amd64 and linux/arm64.</param>
    /// <param name="Status">The poll status the tag ends with.</param>
    /// <param name="BackfilledRevisions">Its oldest revisions came from the registry's tag history, not from polls.</param>
    public sealed record Tag(string Registry, string Repository, string Name, string Group, int Every, int StoppedDaysAgo = 0, bool Pushed = false,
        bool MultiArch = false, string Status = "ok", int BackfilledRevisions = 0)
    {
        public string Reference => $"{Registry}/{Repository}:{Name}";
    }

    /// <summary>
    /// Median intervals by hand, per registry the median of its tags' medians: cgr.dev (1, 1, 2) → 1 d; gcr.io (3, 3, 3, 4) → 3 d;
    /// quay.io (5, 5) → 5 d; ghcr.io (7) → 7 d; docker.io (7, 7, 10, 14, 14, 30; redis has none) → 12 d; mcr.microsoft.com (14, 14, 14) → 14 d.
    /// </summary>
    public static IReadOnlyList<Tag> Tags { get; } =
    [
        new("cgr.dev", "chainguard/static", "latest", "chainguard", 1, BackfilledRevisions: 30),
        new("cgr.dev", "chainguard/python", "latest", "chainguard", 1),
        new("cgr.dev", "chainguard/node", "latest", "chainguard", 2, MultiArch: true),
        new("gcr.io", "distroless/static-debian12", "nonroot", "distroless", 3, MultiArch: true),
        new("gcr.io", "distroless/base-debian12", "latest", "distroless", 3, MultiArch: true),
        new("gcr.io", "distroless/java21-debian12", "latest", "distroless", 4, MultiArch: true),
        new("gcr.io", "distroless/python3-debian12", "latest", "distroless", 3),
        new("docker.io", "library/python", "3.13-slim", "docker-official", 7, Pushed: true, MultiArch: true),
        new("docker.io", "library/node", "22-slim", "docker-official", 7, Pushed: true),
        new("docker.io", "library/nginx", "1.27-alpine", "docker-official", 14, Pushed: true),
        new("docker.io", "library/debian", "bookworm-slim", "docker-official", 14, Pushed: true),
        new("docker.io", "library/alpine", "3.21", "docker-official", 30, Pushed: true),
        new("docker.io", "library/redis", "7.4", "docker-official", 0, Status: "pending"),
        new("docker.io", "ubuntu/python", "3.12-24.04_stable", "chiseled", 10, Pushed: true),
        new("mcr.microsoft.com", "dotnet/runtime-deps", "8.0-noble-chiseled", "chiseled", 14, Pushed: true),
        new("mcr.microsoft.com", "dotnet/aspnet", "8.0-noble-chiseled", "chiseled", 14, Pushed: true),
        new("mcr.microsoft.com", "dotnet/runtime", "9.0-noble-chiseled", "chiseled", 14, StoppedDaysAgo: 50, Pushed: true),
        new("quay.io", "prometheus/prometheus", "latest", "quay", 5, Pushed: true),
        new("quay.io", "coreos/etcd", "v3.5", "quay", 5, StoppedDaysAgo: 20, Pushed: true, Status: "missing"),
        new("ghcr.io", "home-assistant/home-assistant", "stable", "ghcr", 7, Status: "failing"),
    ];

    protected override async Task SeedAsync(string connectionString)
    {
        var history = new HistoryBuilder(connectionString);
        foreach (var tag in Tags)
        {
            var id = await history.AddTagAsync(tag.Registry, tag.Repository, tag.Name, status: tag.Status, group: tag.Group);
            if (tag.Every > 0)
            {
                // Two hours later than a whole number of days: no age lands exactly on a limit.
                var first = Now - Watched + TimeSpan.FromHours(2);
                var last = Now - TimeSpan.FromDays(Math.Max(tag.StoppedDaysAgo, 0.5));
                var revision = 0;
                for (var seen = first; seen <= last; seen += TimeSpan.FromDays(tag.Every), revision++)
                {
                    var platforms = tag.MultiArch
                        ? new[] { new HistoryBuilder.Platform("linux", "amd64", "", $"{tag.Reference}#{revision}/amd64"), new HistoryBuilder.Platform("linux", "arm64", "v8", $"{tag.Reference}#{revision}/arm64") }
                        : [];
                    await history.AddRevisionAsync(id, $"{tag.Reference}#{revision}", seen, tag.Pushed ? seen - TimeSpan.FromMinutes(10) : null, platforms: platforms);
                }

                if (tag.BackfilledRevisions > 0)
                {
                    // As a back-fill stores them: the oldest revisions outside the polled chain, the first polled one its baseline.
                    await ExecuteAsync(connectionString, """
                        UPDATE monitor.tag_revision SET source = 'backfill', previous_check_at = NULL, previous_revision_id = NULL, is_baseline = false
                        WHERE id IN (SELECT id FROM monitor.tag_revision WHERE watched_tag_id = $1 ORDER BY first_seen_at LIMIT $2)
                        """, id, tag.BackfilledRevisions);
                    await ExecuteAsync(connectionString, """
                        UPDATE monitor.tag_revision SET is_baseline = true, previous_revision_id = NULL, previous_check_at = NULL
                        WHERE id = (SELECT id FROM monitor.tag_revision WHERE watched_tag_id = $1 AND source = 'poll' ORDER BY first_seen_at LIMIT 1)
                        """, id);
                }
            }

            await ExecuteAsync(connectionString, "UPDATE monitor.watched_tag SET last_checked_at = CASE WHEN current_revision_id IS NULL THEN NULL ELSE $2 END WHERE id = $1",
                id, Now - TimeSpan.FromMinutes(12));
            if (tag.Status == "failing")
            {
                await ExecuteAsync(connectionString, "UPDATE monitor.watched_tag SET last_error = $2, consecutive_failures = 4 WHERE id = $1", id, FailingError);
            }
        }
    }
}
