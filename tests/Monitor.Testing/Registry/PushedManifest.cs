using Monitor.Core.References;

namespace Monitor.Testing.Registry;

/// <summary>A manifest the harness stored: its digest is the sha256 of exactly <see cref="Content"/>.</summary>
public record PushedManifest(string Repository, Sha256Digest Digest, string MediaType, ReadOnlyMemory<byte> Content);
