using Monitor.Core.Cadence;
using Monitor.Core.History;
using Monitor.Core.References;

namespace Monitor.Core.Tests;

/// <summary>
/// Builds one tag's revision history the way the poller records it: each change happened after the poll one
/// <see cref="PollInterval"/> before the poll that saw it. Digests are made up unless given.
/// </summary>
internal sealed class TagHistory
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromHours(1);

    private readonly List<RevisionObservation> revisions = [];
    private int digestsMade;

    private TagHistory()
    {
    }

    public static TagHistory None => new();

    public IReadOnlyList<RevisionObservation> Revisions => revisions;

    public static TagHistory BaselineAt(
        DateTimeOffset firstSeen,
        DateTimeOffset? pushedAt = null,
        string? digest = null,
        IReadOnlyList<PlatformDigest>? platforms = null,
        DateTimeOffset? imageCreatedAt = null)
    {
        var history = new TagHistory();
        history.revisions.Add(new RevisionObservation
        {
            Digest = digest is null ? history.MakeDigest() : Digests.Of(digest),
            FirstSeenAt = firstSeen,
            PushedAt = pushedAt,
            ImageCreatedAt = imageCreatedAt,
            IsBaseline = true,
            Platforms = platforms ?? [],
        });
        return history;
    }

    public TagHistory ChangeAt(
        DateTimeOffset firstSeen,
        DateTimeOffset? pushedAt = null,
        string? digest = null,
        IReadOnlyList<PlatformDigest>? platforms = null,
        bool isRollback = false)
    {
        revisions.Add(new RevisionObservation
        {
            Digest = digest is null ? MakeDigest() : Digests.Of(digest),
            FirstSeenAt = firstSeen,
            PreviousCheckAt = firstSeen - PollInterval,
            PushedAt = pushedAt,
            IsRollback = isRollback,
            Platforms = platforms ?? [],
        });
        return this;
    }

    /// <summary>The first poll of the tag, after the history so far (e.g. back-filled entries).</summary>
    public TagHistory BaselineAfter(DateTimeOffset firstSeen, string digest, DateTimeOffset? pushedAt = null)
    {
        revisions.Add(new RevisionObservation { Digest = Digests.Of(digest), FirstSeenAt = firstSeen, PushedAt = pushedAt, IsBaseline = true });
        return this;
    }

    /// <summary>An entry of a registry's tag history, stored as back-fill stores it: its time is its first sighting and push time.</summary>
    public TagHistory BackfilledAt(DateTimeOffset at, string digest)
    {
        revisions.Add(new RevisionObservation { Digest = Digests.Of(digest), FirstSeenAt = at, PushedAt = at, Source = RevisionSource.Backfill });
        return this;
    }

    public TagHistory RollbackAt(DateTimeOffset firstSeen, string digest) =>
        ChangeAt(firstSeen, digest: digest, isRollback: true);

    public TagHistory ChangesAt(IEnumerable<DateTimeOffset> times)
    {
        foreach (var time in times)
        {
            ChangeAt(time);
        }

        return this;
    }

    public CadenceAt SummariseAt(DateTimeOffset now, CadenceOptions? options = null) =>
        CadenceAt.Of(CadenceCalculator.Summarise(revisions, now, options), now);

    private Sha256Digest MakeDigest() => Sha256Digest.Parse($"sha256:{++digestsMade:d64}");
}
