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
        var (tag, baseline) = await TagWithBaselineAsync(context);
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

    [Fact]
    public async Task Backfilled_revisions_stay_out_of_the_chain_and_the_chain_keys_still_hold()
    {
        await using var context = await NewContextAsync();
        var (tag, baseline) = await TagWithBaselineAsync(context);

        // The registry's history: older digests and the baseline's own, each at the registry's time.
        context.TagRevisions.AddRange(
            Backfilled(tag.Id, "c", T0.AddDays(-2)), Backfilled(tag.Id, "b", T0.AddDays(-1)), Backfilled(tag.Id, "a", T0.AddHours(-3)));
        await context.SaveChangesAsync(TestContext.Current.CancellationToken);
        var successor = Revision(tag.Id, "b", T0.AddHours(1));
        successor.PreviousRevisionId = baseline.Id;
        context.TagRevisions.Add(successor);
        await context.SaveChangesAsync(TestContext.Current.CancellationToken);
        context.ChangeTracker.Clear();

        context.TagRevisions.Add(Revision(tag.Id, "d", T0.AddHours(2), baseline: true));
        await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync(TestContext.Current.CancellationToken));
        context.ChangeTracker.Clear();
        var second = Revision(tag.Id, "d", T0.AddHours(2));
        second.PreviousRevisionId = baseline.Id;
        context.TagRevisions.Add(second);
        await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("baseline")]
    [InlineData("predecessor")]
    [InlineData("window")]
    public async Task A_backfilled_revision_cannot_claim_a_place_in_the_chain(string claim)
    {
        await using var context = await NewContextAsync();
        var (tag, baseline) = await TagWithBaselineAsync(context);

        var backfilled = Backfilled(tag.Id, "b", T0.AddDays(-1));
        backfilled.IsBaseline = claim == "baseline";
        backfilled.PreviousRevisionId = claim == "predecessor" ? baseline.Id : null;
        backfilled.PreviousCheckAt = claim == "window" ? T0.AddDays(-2) : null;
        context.TagRevisions.Add(backfilled);

        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync(TestContext.Current.CancellationToken));
        Assert.Contains("ck_tag_revision_backfill_outside_chain", refused.InnerException?.Message, StringComparison.Ordinal);
    }

    private static async Task<(WatchedTag Tag, TagRevision Baseline)> TagWithBaselineAsync(MonitorDbContext context)
    {
        var tag = Tag();
        context.WatchedTags.Add(tag);
        await context.SaveChangesAsync(TestContext.Current.CancellationToken);
        var baseline = Revision(tag.Id, "a", T0, baseline: true);
        context.TagRevisions.Add(baseline);
        await context.SaveChangesAsync(TestContext.Current.CancellationToken);
        return (tag, baseline);
    }

    private static TagRevision Backfilled(long tagId, string digestSeed, DateTimeOffset at)
    {
        var revision = Revision(tagId, digestSeed, at);
        revision.PushedAt = at;
        revision.Source = RevisionSource.Backfill;
        return revision;
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
