using Monitor.Core.References;
using Monitor.Data.Watches;

namespace Monitor.Worker.Polling;

/// <summary>Reads current digests from registries; the polling engine's only view of them.</summary>
public interface ITagReader
{
    /// <summary>Reads every tag (batched per repository where a registry allows it); one observation per tag id.</summary>
    Task<IReadOnlyDictionary<long, TagObservation>> ReadAsync(IReadOnlyList<WatchedTagRow> tags, CancellationToken cancellationToken);

    /// <summary>The per-platform child digests of a changed index (empty for a single-platform manifest).</summary>
    Task<IReadOnlyList<PlatformDigest>> ReadPlatformsAsync(WatchedTagRow tag, Sha256Digest digest, CancellationToken cancellationToken);

    /// <summary>Every tag of a repository (for discovery); throws <see cref="TagReadException"/> when the listing fails.</summary>
    Task<IReadOnlyList<string>> ListTagsAsync(ImageReference repository, CancellationToken cancellationToken);
}
