using Microsoft.Extensions.Options;
using Monitor.Core.History;
using Monitor.Core.References;
using Monitor.Data.Watches;
using Monitor.Worker.Polling;

namespace Monitor.Worker.Watchlist;

/// <summary>Brings watched_tag in line with the watchlist: exact tags at once, pattern entries through discovery.</summary>
public sealed class WatchlistSynchronizer(
    IOptions<WatchlistOptions> options,
    WatchStore watches,
    ITagReader reader,
    TimeProvider time,
    ILogger<WatchlistSynchronizer> logger)
{
    /// <summary>Applies the exact tags of every entry; disables configured tags the file no longer names.</summary>
    public async Task SyncConfiguredAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.Entries
            .SelectMany(entry => entry.Tags.Select(tag => Spec(entry, tag, WatchSource.Config)))
            .ToList();
        var (added, disabled) = await watches.SyncConfiguredAsync(configured, time.GetUtcNow(), cancellationToken);
        logger.LogInformation("Watchlist: {Count} configured tags, {Added} newly watched, {Disabled} no longer configured", configured.Count, added, disabled);
    }

    /// <summary>Lists the repositories of pattern entries and watches the new matching tags.</summary>
    public async Task<int> DiscoverAsync(bool onlyDiscoverEntries, CancellationToken cancellationToken)
    {
        var added = 0;
        foreach (var entry in options.Value.Entries.Where(e => onlyDiscoverEntries ? e.Discover : e.Include.Count > 0 || !string.IsNullOrEmpty(e.Regex)))
        {
            var repository = ImageReference.Parse(entry.Repository);
            IReadOnlyList<string> tags;
            try
            {
                tags = await reader.ListTagsAsync(repository, cancellationToken);
            }
            catch (TagReadException e)
            {
                logger.LogWarning("Discovery for {Repository} failed: {Error}", repository.Name, e.Message);
                continue;
            }

            var filter = new TagFilter(entry);
            var matching = tags.Where(filter.Matches).Select(tag => Spec(entry, tag, WatchSource.Discovered)).ToList();
            var newlyAdded = await watches.AddDiscoveredAsync(matching, time.GetUtcNow(), cancellationToken);
            logger.LogInformation("Discovery for {Repository}: {Matching} of {Total} tags match, {Added} newly watched", repository.Name, matching.Count, tags.Count, newlyAdded);
            added += newlyAdded;
        }

        return added;
    }

    private static WatchSpec Spec(WatchEntryOptions entry, string tag, WatchSource source)
    {
        var repository = ImageReference.Parse(entry.Repository);
        return new WatchSpec(new TagReference(repository.Registry, repository.Repository, tag), entry.Group, source,
            entry.Staleness?.MaxAge, entry.Staleness?.Factor);
    }
}
