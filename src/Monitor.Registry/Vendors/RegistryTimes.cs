namespace Monitor.Registry.Vendors;

/// <summary>Times registries report (push times, history entries), checked before Monitor believes them.</summary>
internal static class RegistryTimes
{
    /// <summary>How far ahead of Monitor's clock a registry's clock may run.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Earlier than this is a placeholder (0, the 1970 epoch, Go's zero time), not a push.</summary>
    private static readonly DateTimeOffset Earliest = DateTimeOffset.UnixEpoch.AddDays(1);

    /// <summary>False for placeholders and for times in the future (beyond <see cref="ClockSkew"/>).</summary>
    public static bool IsPlausible(DateTimeOffset value, DateTimeOffset now) => value >= Earliest && value <= now + ClockSkew;

    /// <summary>Unix seconds (Quay's <c>start_ts</c>) as a plausible time, else null.</summary>
    public static DateTimeOffset? FromUnixSeconds(long? seconds, DateTimeOffset now) =>
        seconds is { } s && s > 0 && s < DateTimeOffset.MaxValue.ToUnixTimeSeconds() && DateTimeOffset.FromUnixTimeSeconds(s) is var value && IsPlausible(value, now)
            ? value
            : null;

    /// <summary>Unix milliseconds (GCR's <c>timeUploadedMs</c>) as a plausible time, else null.</summary>
    public static DateTimeOffset? FromUnixMilliseconds(long? milliseconds, DateTimeOffset now) =>
        milliseconds is { } ms && ms > 0 && ms < DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() && DateTimeOffset.FromUnixTimeMilliseconds(ms) is var value && IsPlausible(value, now)
            ? value
            : null;

    /// <summary>An ISO 8601 / RFC 3339 time (MCR's <c>lastModifiedDate</c>, GitHub's <c>created_at</c>) as a plausible time, else null.</summary>
    public static DateTimeOffset? FromText(string? text, DateTimeOffset now) =>
        Client.ImageCreated.Parse(text) is { } value && IsPlausible(value, now) ? value : null;
}
