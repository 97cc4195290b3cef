using Monitor.Core.History;
using Monitor.Core.References;
using Monitor.Core.Staleness;

namespace Monitor.Data.Watches;

/// <summary>A watched tag and its poll state, one row of <c>monitor.watched_tag</c>: what the poll, the fleet view and <c>watch list</c> read.</summary>
/// <param name="CurrentRevisionId">The newest revision; null before the first successful poll.</param>
/// <param name="LastError">Why the last poll failed, secret-free; null when it did not.</param>
/// <param name="Staleness">The watch's own staleness settings; null when it has none.</param>
/// <param name="BackfillRevisionId">The newest revision a back-fill wrote; null when none did.</param>
public sealed record WatchedTagRow(
    long Id,
    TagReference Reference,
    string WatchGroup,
    WatchSource Source,
    bool Enabled,
    PollStatus Status,
    Sha256Digest? CurrentDigest,
    long? CurrentRevisionId,
    DateTimeOffset? LastCheckedAt,
    int ConsecutiveFailures,
    string? LastError,
    StalenessPolicyOverrides? Staleness,
    long? BackfillRevisionId = null);
