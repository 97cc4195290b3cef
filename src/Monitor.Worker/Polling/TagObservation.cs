using Monitor.Core.References;
using Monitor.Registry.Client;

namespace Monitor.Worker.Polling;

/// <summary>What one read of one tag found. Only <see cref="Found"/> can ever become history.</summary>
public abstract record TagObservation
{
    private TagObservation()
    {
    }

    /// <summary>The registry served a well-formed manifest with a valid sha256 digest.</summary>
    /// <param name="Timing">
    /// When the request that found it was sent and answered: the tag still had its old digest at the send time, and had
    /// this one by the answer (the stored detection window rests on both).
    /// </param>
    /// <param name="IsIndex">The manifest is a multi-platform index (or Docker manifest list).</param>
    public sealed record Found(Sha256Digest Digest, string MediaType, RequestTiming Timing, DateTimeOffset? PushedAt = null, bool IsIndex = false) : TagObservation;

    /// <summary>The registry answered 404 for the tag (<paramref name="Timing"/> as in <see cref="Found"/>).</summary>
    public sealed record Gone(RequestTiming Timing) : TagObservation;

    /// <summary>Anything else: network, auth, rate limit, garbage. The reason is secret-free.</summary>
    public sealed record Failed(string Error) : TagObservation;
}
