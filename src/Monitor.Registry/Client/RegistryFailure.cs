using Monitor.Registry.Observability;

namespace Monitor.Registry.Client;

/// <summary>Why a registry read failed, in words fit for <c>watched_tag.last_error</c>: never a password, token or header.</summary>
/// <param name="Reason">The request and what went wrong with it: <c>HEAD manifest gcr.io/distroless/static:nonroot: could not reach gcr.io (…)</c>.</param>
public sealed record RegistryFailure(RegistryRequestOutcome Kind, string Reason)
{
    private const string Separator = ": ";

    /// <summary>What went wrong, without the request it happened to: <c>could not reach gcr.io (ConnectionError: Connection refused)</c>.</summary>
    public string Cause { get; init; } = Reason;

    /// <summary>A failure of one request (<paramref name="request"/> names neither secrets nor ": ", e.g. <c>HEAD manifest gcr.io/x:1</c>).</summary>
    public static RegistryFailure Of(RegistryRequestOutcome kind, string request, string cause) =>
        new(kind, $"{request}{Separator}{cause}") { Cause = cause };

    /// <summary>
    /// The cause within a failure's text as <see cref="ToString"/> wrote it (<c>kind: request: cause</c>), also after a
    /// prefix such as <c>reading platforms: </c>; text of another shape comes back unchanged.
    /// </summary>
    public static string CauseOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = 0;
        while (!StartsWithKind(text, start))
        {
            var next = text.IndexOf(Separator, start, StringComparison.Ordinal);
            if (next < 0)
            {
                return text;
            }

            start = next + Separator.Length;
        }

        var request = text.IndexOf(Separator, start, StringComparison.Ordinal) + Separator.Length;
        var cause = text.IndexOf(Separator, request, StringComparison.Ordinal);
        return cause < 0 ? text[request..] : text[(cause + Separator.Length)..];
    }

    public override string ToString() => $"{Kind.ToTagValue()}{Separator}{Reason}";

    private static bool StartsWithKind(string text, int start) =>
        Enum.GetValues<RegistryRequestOutcome>().Any(kind => text.AsSpan(start).StartsWith(kind.ToTagValue() + Separator, StringComparison.Ordinal));
}
