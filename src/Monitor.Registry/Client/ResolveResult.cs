using Monitor.Core.References;
using Monitor.Registry.Manifests;
using Monitor.Registry.Observability;

namespace Monitor.Registry.Client;

/// <summary>What a tag points at now: <see cref="Found"/>, <see cref="NotFound"/> (the tag is gone) or <see cref="Failed"/>.</summary>
public abstract record ResolveResult(ImageReference Reference)
{
    /// <remarks>
    /// <c>MediaType</c>: One of the four manifest media types (OCI index or manifest, Docker list or manifest).<br/>
    /// <c>RateLimit</c>: Docker Hub's remaining pull allowance, when the response reported it.<br/>
    /// <c>PushedAt</c>: Registry-reported push time of the tag, when known (Docker Hub's <c>tag_last_pushed</c>).<br/>
    /// <c>Timing</c>: when the request that produced this answer was sent and answered; always set by the client (null only
    /// in values built by hand).<br/>
    /// </remarks>
    public sealed record Found(ImageReference Reference, Sha256Digest Digest, string MediaType, DockerHubRateLimit? RateLimit = null, DateTimeOffset? PushedAt = null, RequestTiming? Timing = null)
        : ResolveResult(Reference)
    {
        public bool IsIndex => ManifestMediaTypes.IsIndex(MediaType);
    }

    /// <summary>404: the tag (or repository) does not exist (any more). A state to record, not an error.</summary>
    /// <remarks><c>Timing</c>: as in <see cref="Found"/>.</remarks>
    public sealed record NotFound(ImageReference Reference, RequestTiming? Timing = null) : ResolveResult(Reference);

    public sealed record Failed(ImageReference Reference, RegistryFailure Failure) : ResolveResult(Reference);
}
