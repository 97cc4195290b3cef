using Monitor.Core.References;

namespace Monitor.Testing.Registry;

/// <summary>A multi-platform index (or Docker manifest list), its per-platform children and optional attestation manifest.</summary>
public sealed record PushedIndex(
    string Repository,
    Sha256Digest Digest,
    string MediaType,
    ReadOnlyMemory<byte> Content,
    IReadOnlyList<PushedImage> Children,
    PushedManifest? Attestation)
    : PushedManifest(Repository, Digest, MediaType, Content);
