using Monitor.Core.References;

namespace Monitor.Registry.Client;

/// <summary>The image config's <c>created</c> time.</summary>
public abstract record ImageCreatedResult(ImageReference Reference)
{
    /// <remarks>
    /// <c>Created</c>: Null when the config has none, or a reproducible-build placeholder (1970-01-01, 0001-01-01).<br/>
    /// </remarks>
    public sealed record Found(ImageReference Reference, DateTimeOffset? Created) : ImageCreatedResult(Reference);

    public sealed record NotFound(ImageReference Reference) : ImageCreatedResult(Reference);

    public sealed record Failed(ImageReference Reference, RegistryFailure Failure) : ImageCreatedResult(Reference);
}
