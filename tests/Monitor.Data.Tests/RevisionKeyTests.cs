using Microsoft.EntityFrameworkCore;
using Monitor.Core.History;
using Monitor.Data.Entities;
using Monitor.Testing.Postgres;

namespace Monitor.Data.Tests;

/// <summary>Idempotence is enforced by keys, not by luck: these are the keys.</summary>
public sealed class RevisionKeyTests(PostgresServer postgres)
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_tag_is_watched_once()
    {
        await using var context = await NewContextAsync();
        context.WatchedTags.Add(Tag());
        await context.SaveChangesAsync(TestContext.Current.CancellationToken);
        context.ChangeTracker.Clear();

        context.WatchedTags.Add(Tag());

        await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_tag_has_one_baseline()
    {
        await using var context = await NewContextAsync();
        var tag = Tag();
        context.WatchedTags.Add(tag);
        await context.SaveChangesAsync(TestContext.Current.CancellationToken);
        context.TagRevisions.Add(Revision(tag.Id, "a", T0, baseline: true));
        await context.SaveChangesAsync(TestContext.Current.CancellationToken);

        context.TagRevisions.Add(Revision(tag.Id, "b", T0.AddMinutes(1), baseline: true));

        await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Two_replicas_recording_the_same_change_cannot_both_succeed()
    {
        await using var context = await NewContextAsync();
        var tag = Tag();
        context.WatchedTags.Add(tag);
        await context.SaveChangesAsync(TestContext.Current.CancellationToken);
        var baseline = Revision(tag.Id, "a", T0, baseline: true);
        context.TagRevisions.Add(baseline);
        await context.SaveChangesAsync(TestContext.Current.CancellationToken);
        var first = Revision(tag.Id, "b", T0.AddHours(1));
        first.PreviousRevisionId = baseline.Id;
        context.TagRevisions.Add(first);
        await context.SaveChangesAsync(TestContext.Current.CancellationToken);

        context.ChangeTracker.Clear();

        // The second replica saw the same change a few seconds later.
        var second = Revision(tag.Id, "b", T0.AddHours(1).AddSeconds(7));
        second.PreviousRevisionId = baseline.Id;
        context.TagRevisions.Add(second);

        await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync(TestContext.Current.CancellationToken));
    }

    private async Task<MonitorDbContext> NewContextAsync() =>
        new(MonitorDbContextOptions.Create(await postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken)));

    private static WatchedTag Tag() => new()
    {
        Registry = "docker.io",
        Repository = "library/python",
        Tag = "3.13-slim",
        WatchGroup = "default",
        AddedAt = T0,
    };

    private static TagRevision Revision(long tagId, string digestSeed, DateTimeOffset seen, bool baseline = false) => new()
    {
        WatchedTagId = tagId,
        Digest = "sha256:" + new string(digestSeed[0], 64),
        MediaType = "application/vnd.oci.image.index.v1+json",
        FirstSeenAt = seen,
        IsBaseline = baseline,
        Source = RevisionSource.Poll,
    };
}
