namespace Monitor.Registry.Politeness;

internal static class RetryAfter
{
    private static readonly TimeSpan Longest = TimeSpan.FromDays(1);

    /// <summary>How long a 429 asks to wait: <c>Retry-After</c> in seconds or as an HTTP date; null without one.</summary>
    public static TimeSpan? From(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - now : null);
        return delay is null ? null : TimeSpan.FromTicks(Math.Clamp(delay.Value.Ticks, 0, Longest.Ticks));
    }
}
