using Monitor.Core.References;

namespace Monitor.Testing.Registry;

/// <summary>A single-platform image manifest with its config blob.</summary>
public sealed record PushedImage(
    string Repository,
    Sha256Digest Digest,
    string MediaType,
    ReadOnlyMemory<byte> Content,
    PlatformSpec Platform,
    Sha256Digest ConfigDigest,
    DateTimeOffset? Created)
    : PushedManifest(Repository, Digest, MediaType, Content);
