using Monitor.Data.History;

namespace Monitor.Worker.Polling;

/// <summary>What one read of one tag found. Only <see cref="Found"/> can ever become history.</summary>
public abstract record TagObservation
{
    private TagObservation()
    {
    }

    /// <summary>The registry served a well-formed manifest with a valid sha256 digest.</summary>
    public sealed record Found(string Digest, string MediaType, DateTimeOffset? PushedAt = null) : TagObservation;

    /// <summary>The registry answered 404 for the tag.</summary>
    public sealed record Gone : TagObservation;

    /// <summary>Anything else: network, auth, rate limit, garbage. The reason is secret-free.</summary>
    public sealed record Failed(string Error) : TagObservation;
}

/// <summary>Reads current digests from registries; the polling engine's only view of them.</summary>
public interface ITagReader
{
    /// <summary>Reads every tag (batched per repository where a registry allows it); one observation per tag id.</summary>
    Task<IReadOnlyDictionary<long, TagObservation>> ReadAsync(IReadOnlyList<PolledTag> tags, CancellationToken cancellationToken);

    /// <summary>The per-platform child digests of a changed index (empty for a single-platform manifest).</summary>
    Task<IReadOnlyList<PlatformDigest>> ReadPlatformsAsync(PolledTag tag, string digest, string mediaType, CancellationToken cancellationToken);

    /// <summary>Every tag of a repository (for discovery); throws <see cref="TagReadException"/> when the listing fails.</summary>
    Task<IReadOnlyList<string>> ListTagsAsync(string registry, string repository, CancellationToken cancellationToken);
}
