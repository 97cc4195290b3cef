using Monitor.Core.History;
using Monitor.Core.References;

namespace Monitor.Core.Cadence;

/// <summary>
/// One digest a tag pointed at, as the cadence analytics need it. Independent of the EF entities:
/// the data layer maps its rows onto this.
/// </summary>
public sealed record RevisionObservation
{
    public required Sha256Digest Digest { get; init; }

    /// <summary>When a poll first saw this digest (detection time).</summary>
    public required DateTimeOffset FirstSeenAt { get; init; }

    /// <summary>The last poll that still saw the previous digest: the change happened after it.</summary>
    public DateTimeOffset? PreviousCheckAt { get; init; }

    /// <summary>Registry-reported push time, when the registry tells.</summary>
    public DateTimeOffset? PushedAt { get; init; }

    /// <summary>The image config's <c>created</c> time, when it is a sane one (not a reproducible-build epoch).</summary>
    public DateTimeOffset? ImageCreatedAt { get; init; }

    /// <summary>Where the revision came from: a poll of ours, or a registry's tag history (back-fill).</summary>
    public RevisionSource Source { get; init; } = RevisionSource.Poll;

    /// <summary>The first sighting of the tag: a starting point, not a rebuild.</summary>
    public bool IsBaseline { get; init; }

    /// <summary>The tag went back to a digest it had before.</summary>
    public bool IsRollback { get; init; }

    /// <summary>Child manifests of a multi-arch index; empty for a single-arch manifest.</summary>
    public IReadOnlyList<PlatformDigest> Platforms { get; init; } = [];

    /// <summary>Registry push time when known, else detection time: the time of a change.</summary>
    internal DateTimeOffset EffectiveTime => PushedAt ?? FirstSeenAt;

    /// <summary>
    /// The best known time the image was made, which a baseline's age counts from: the registry's push time, else the
    /// config's <c>created</c> when it is no later than the first sighting (a build time after it is a wrong clock, not a
    /// younger image), else the first sighting.
    /// </summary>
    internal (DateTimeOffset Time, AgeSource Source) BuildTime =>
        PushedAt is { } pushed ? (pushed, AgeSource.Pushed)
        : ImageCreatedAt is { } created && created <= FirstSeenAt ? (created, AgeSource.Created)
        : (FirstSeenAt, AgeSource.FirstSeen);
}
