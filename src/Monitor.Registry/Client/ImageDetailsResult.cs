using Monitor.Core.References;

namespace Monitor.Registry.Client;

/// <summary>What a changed digest is: its media type, its platforms and (when asked for) when its image was built.</summary>
public abstract record ImageDetailsResult(ImageReference Reference)
{
    /// <remarks>
    /// <c>MediaType</c>: the manifest's own media type (one of the four known), as fetched.<br/>
    /// <c>Platforms</c>: an index's platform children (attestations excluded); for a single-platform manifest its platform
    /// from the config blob, or empty when that could not be read.<br/>
    /// <c>Created</c>: the image config's <c>created</c> (for an index: the child chosen by the requested platform, else
    /// linux/amd64, else the first); null when not asked for, absent, unparseable or a reproducible-build placeholder
    /// (1970-01-01, 0001-01-01).<br/>
    /// </remarks>
    public sealed record Found(ImageReference Reference, string MediaType, IReadOnlyList<PlatformDigest> Platforms, DateTimeOffset? Created)
        : ImageDetailsResult(Reference)
    {
        public bool IsIndex => Manifests.ManifestMediaTypes.IsIndex(MediaType);
    }

    public sealed record NotFound(ImageReference Reference) : ImageDetailsResult(Reference);

    public sealed record Failed(ImageReference Reference, RegistryFailure Failure) : ImageDetailsResult(Reference);
}
