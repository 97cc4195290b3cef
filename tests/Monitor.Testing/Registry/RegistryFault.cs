using System.Globalization;

namespace Monitor.Testing.Registry;

/// <summary>What a <see cref="FaultProxy"/> does to a request a rule matches instead of forwarding it unchanged.</summary>
public abstract record RegistryFault
{
    private RegistryFault()
    {
    }

    /// <summary>Answers the status (e.g. 500, 503) without asking the registry; with a body when given.</summary>
    public static RegistryFault Status(int status, string? body = null) => new Answer(status, null, body);

    /// <summary>429 with <c>Retry-After</c> in whole seconds, as Docker Hub throttles.</summary>
    public static RegistryFault TooManyRequests(TimeSpan retryAfter) =>
        new Answer(429, ((int)retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            """{"errors":[{"code":"TOOMANYREQUESTS","message":"rate limit"}]}""");

    /// <summary>Forwarded after a wait: a slow registry.</summary>
    public static RegistryFault Slow(TimeSpan delay) => new Delay(delay);

    /// <summary>The connection is reset before any answer.</summary>
    public static RegistryFault DropConnection { get; } = new Drop();

    /// <summary>The registry's answer with <c>Docker-Content-Digest</c> replaced by something that is not a digest.</summary>
    public static RegistryFault MalformedDigest { get; } = new Rewrite(Digest: "sha256:not-a-digest", Body: null);

    /// <summary>The registry's answer without <c>Docker-Content-Digest</c>.</summary>
    public static RegistryFault MissingDigest { get; } = new Rewrite(Digest: "", Body: null);

    /// <summary>The registry's status and headers with a body of garbage (no longer the bytes its digest names).</summary>
    public static RegistryFault GarbageBody { get; } = new Rewrite(Digest: null, Body: "\u0000garbage{\"mediaType\":");

    internal sealed record Answer(int Code, string? RetryAfter, string? Body) : RegistryFault;

    internal sealed record Delay(TimeSpan Wait) : RegistryFault;

    internal sealed record Drop : RegistryFault;

    /// <param name="Digest">The <c>Docker-Content-Digest</c> to send; empty removes it; null keeps the registry's.</param>
    /// <param name="Body">The body to send instead of the registry's; null keeps it.</param>
    internal sealed record Rewrite(string? Digest, string? Body) : RegistryFault;
}
