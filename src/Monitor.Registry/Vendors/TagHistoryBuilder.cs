using Monitor.Core.References;
using Monitor.Registry.Client;

namespace Monitor.Registry.Vendors;

/// <summary>Turns a registry's history entries into the <see cref="TagHistoryResult"/> the contract describes.</summary>
internal static class TagHistoryBuilder
{
    /// <summary>
    /// Oldest first (a stable sort: entries with one time keep the registry's order), consecutive repeats of a digest folded
    /// into the first; no entries at all is <see cref="TagHistoryResult.NotFound"/>.
    /// </summary>
    public static TagHistoryResult Build(TagReference tag, IEnumerable<TagHistoryEntry> entries, string source)
    {
        var folded = new List<TagHistoryEntry>();
        foreach (var entry in entries.OrderBy(e => e.Since))
        {
            if (folded.Count == 0 || folded[^1].Digest != entry.Digest)
            {
                folded.Add(entry);
            }
        }

        return folded.Count == 0 ? new TagHistoryResult.NotFound(tag) : new TagHistoryResult.Found(tag, folded, source);
    }
}
