using Microsoft.Extensions.Options;
using Monitor.Core.References;
using Monitor.Data.Watches;

namespace Monitor.Worker.Watchlist;

public enum WatchRemovalOutcome
{
    Removed,
    NotWatched,

    /// <summary>Refused: an exact entry of the watchlist file names the tag.</summary>
    InWatchlistFile,
}

/// <summary>
/// Stopping a watch, for <c>DELETE /api/watches/…</c> and <c>monitor watch remove</c> alike. A tag the watchlist file
/// names is refused rather than disabled: the file is applied at every start and would watch it again, so the file is
/// where it is removed. Tags added through the API, the CLI or discovery stay removed.
/// </summary>
public sealed class WatchRemoval(WatchStore store, IOptions<WatchlistOptions> watchlist, IConfiguration configuration)
{
    public async Task<WatchRemovalOutcome> RemoveAsync(TagReference tag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tag);
        if (IsInWatchlistFile(tag))
        {
            return WatchRemovalOutcome.InWatchlistFile;
        }

        return await store.DisableAsync(tag, cancellationToken) ? WatchRemovalOutcome.Removed : WatchRemovalOutcome.NotWatched;
    }

    /// <summary>Why <see cref="WatchRemovalOutcome.InWatchlistFile"/>, naming the file: the API's problem detail and the CLI's error.</summary>
    public string RefusalMessage(TagReference tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return $"{tag.Canonical} is watched by the watchlist file {WatchlistFile.Resolve(configuration)}: remove it from that file's entries, " +
            "which are applied at every start (removing it here would be undone by the next one).";
    }

    private bool IsInWatchlistFile(TagReference tag) =>
        watchlist.Value.Entries.Any(entry => entry.Tags.Contains(tag.Tag, StringComparer.Ordinal) &&
            ImageReference.TryParse(entry.Repository, out var repository, out _) &&
            repository.Registry == tag.Registry && repository.Repository == tag.Repository);
}
