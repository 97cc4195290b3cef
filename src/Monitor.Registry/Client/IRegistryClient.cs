using Monitor.Core.Cadence;
using Monitor.Core.References;

namespace Monitor.Registry.Client;

/// <summary>
/// Reads tags, digests and platforms from OCI registries, politely (per-registry limits, shared 429 pauses,
/// retries of transient failures only, circuit breaker) and with cached tokens. Never throws for registry
/// trouble: every method returns found / not found / failed. Throws only for cancellation by the caller.
/// Manifests and config blobs read by digest are content-addressed: each is read once per repository and kept
/// (<see cref="ContentAddressedReads"/>), so alias tags of one image cost one read of it.
/// </summary>
public interface IRegistryClient
{
    /// <summary>The digest a tag (or digest reference) points at now: one HEAD with the full Accept list; GET and hash when the registry omits Docker-Content-Digest.</summary>
    Task<ResolveResult> ResolveAsync(ImageReference reference, CancellationToken cancellationToken);

    /// <summary>
    /// Resolves many references at once. A repository's tags come from its registry's batch listing where there is one
    /// (Docker Hub's tag API, 100 tags a request; GCR / Artifact Registry's <c>tags/list</c> manifest map, one request;
    /// Quay's tag API, 100 tags a request), with push times; tags a listing does not vouch for, and every tag when it fails,
    /// fall back to HEAD. Other registries: one HEAD per reference, with push times added from MCR's catalog and GitHub's
    /// package versions (GHCR, with a token) where they name the digest HEAD reported. Every answer carries its timing.
    /// </summary>
    Task<IReadOnlyDictionary<ImageReference, ResolveResult>> ResolveManyAsync(IReadOnlyCollection<ImageReference> references, CancellationToken cancellationToken);

    /// <summary>Per-platform child digests of the manifest with this digest (fetch it when the digest changed). Attestation entries are excluded.</summary>
    Task<PlatformsResult> GetPlatformsAsync(ImageReference reference, Sha256Digest digest, CancellationToken cancellationToken);

    /// <summary>All tags of the reference's repository, following <c>Link: rel="next"</c> pages of <c>Registries:TagPageSize</c>.</summary>
    Task<TagListResult> ListTagsAsync(ImageReference repository, CancellationToken cancellationToken) =>
        ListTagsAsync(repository, null, cancellationToken);

    /// <summary>All tags of the reference's repository, asking for pages of <paramref name="pageSize"/> (<c>n</c>) and following <c>Link: rel="next"</c>.</summary>
    Task<TagListResult> ListTagsAsync(ImageReference repository, int? pageSize, CancellationToken cancellationToken);

    /// <summary>The config <c>created</c> time of the image with this digest (for an index: its linux/amd64 image, else the first).</summary>
    Task<ImageCreatedResult> GetImageCreatedAsync(ImageReference reference, Sha256Digest digest, CancellationToken cancellationToken);

    /// <summary>
    /// What the poll needs to record a new digest, with as few requests as the registry allows: the manifest's media type
    /// and platforms, and, when <paramref name="readCreated"/>, the image config's <c>created</c> (for an index: the child of
    /// <paramref name="platform"/> when given, else linux/amd64, else the first).
    /// </summary>
    Task<ImageDetailsResult> GetImageDetailsAsync(ImageReference reference, Sha256Digest digest, PlatformSelector? platform, bool readCreated, CancellationToken cancellationToken);

    /// <summary>The tag's past digests from its registry's history API; <see cref="TagHistoryResult.NotSupported"/> (no request) where there is none.</summary>
    Task<TagHistoryResult> GetTagHistoryAsync(TagReference tag, CancellationToken cancellationToken);
}
