using Monitor.Core.References;

namespace Monitor.Worker.Polling;

/// <summary>What one read of one tag found. Only <see cref="Found"/> can ever become history.</summary>
public abstract record TagObservation
{
    private TagObservation()
    {
    }

    /// <summary>The registry served a well-formed manifest with a valid sha256 digest.</summary>
    public sealed record Found(Sha256Digest Digest, string MediaType, DateTimeOffset? PushedAt = null) : TagObservation;

    /// <summary>The registry answered 404 for the tag.</summary>
    public sealed record Gone : TagObservation;

    /// <summary>Anything else: network, auth, rate limit, garbage. The reason is secret-free.</summary>
    public sealed record Failed(string Error) : TagObservation;
}
