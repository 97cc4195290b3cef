using Monitor.Core.History;

namespace Monitor.Data.Cadence;

/// <summary>A revision row as the cadence analytics read it.</summary>
public sealed record StoredRevision(
    long Id,
    string Digest,
    string MediaType,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset? PreviousCheckAt,
    DateTimeOffset? PushedAt,
    bool IsBaseline,
    bool IsRollback,
    IReadOnlyList<StoredPlatform> Platforms);

public sealed record StoredPlatform(string Os, string Architecture, string Variant, string Digest);

/// <summary>A watched tag's identity and state, for the fleet view.</summary>
public sealed record StoredTag(
    long Id,
    string Registry,
    string Repository,
    string Tag,
    string WatchGroup,
    PollStatus Status,
    bool Enabled,
    string? CurrentDigest,
    long? CurrentRevisionId,
    DateTimeOffset? LastCheckedAt,
    int ConsecutiveFailures,
    string? LastError,
    TimeSpan? StaleAfter,
    double? StaleFactor)
{
    public string Canonical => $"{Registry}/{Repository}:{Tag}";
}
