using Monitor.Core.History;

namespace Monitor.Data.Watches;

/// <summary>One tag to watch, as the watchlist, discovery, the CLI or the API asks for it.</summary>
public sealed record WatchSpec(
    string Registry,
    string Repository,
    string Tag,
    string WatchGroup,
    WatchSource Source,
    TimeSpan? StaleAfter = null,
    double? StaleFactor = null)
{
    public string Canonical => $"{Registry}/{Repository}:{Tag}";
}
