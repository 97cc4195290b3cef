using Monitor.Core.History;
using Monitor.Core.References;

namespace Monitor.Data.Watches;

/// <summary>One tag to watch, as the watchlist, discovery, the CLI or the API asks for it.</summary>
/// <param name="StaleAfter">The watch's own max age; null for the global one.</param>
/// <param name="StaleFactor">The watch's own k (stale after k × median); null for the global one.</param>
public sealed record WatchSpec(
    TagReference Reference,
    string WatchGroup,
    WatchSource Source,
    TimeSpan? StaleAfter = null,
    double? StaleFactor = null);
