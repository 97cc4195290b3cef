using Monitor.Core.References;

namespace Monitor.Registry.Client;

/// <summary>The per-platform child digests of a manifest (attestations excluded).</summary>
public abstract record PlatformsResult(ImageReference Reference)
{
    /// <remarks>
    /// <c>IsIndex</c>: True for an OCI index / Docker manifest list, false for a single-platform manifest.<br/>
    /// <c>Platforms</c>: For a single-platform manifest: its platform from the config blob, or empty when that could not be read.<br/>
    /// </remarks>
    public sealed record Found(ImageReference Reference, bool IsIndex, IReadOnlyList<PlatformDigest> Platforms) : PlatformsResult(Reference);

    public sealed record NotFound(ImageReference Reference) : PlatformsResult(Reference);

    public sealed record Failed(ImageReference Reference, RegistryFailure Failure) : PlatformsResult(Reference);
}
