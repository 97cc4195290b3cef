using Monitor.Core.References;
using Monitor.Data.Watches;

namespace Monitor.Worker.Polling;

/// <summary>Reads current digests from registries; the polling engine's only view of them.</summary>
public interface ITagReader
{
    /// <summary>Reads every tag (batched per repository where a registry allows it); one observation per tag id.</summary>
    Task<IReadOnlyDictionary<long, TagObservation>> ReadAsync(IReadOnlyList<WatchedTagRow> tags, CancellationToken cancellationToken);

    /// <summary>
    /// The media type, platforms and (where it costs no request, or when <paramref name="wantCreated"/>) the image's build
    /// time of a digest the tag newly points at; throws <see cref="TagReadException"/> when the manifest cannot be read.
    /// </summary>
    Task<DigestDetails> ReadDetailsAsync(WatchedTagRow tag, TagObservation.Found found, bool wantCreated, CancellationToken cancellationToken);

    /// <summary>Every tag of a repository (for discovery); throws <see cref="TagReadException"/> when the listing fails.</summary>
    Task<IReadOnlyList<string>> ListTagsAsync(ImageReference repository, CancellationToken cancellationToken);
}
