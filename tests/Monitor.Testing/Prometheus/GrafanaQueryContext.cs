namespace Monitor.Testing.Prometheus;

/// <summary>
/// The concrete values that stand in for what Grafana substitutes when it runs a query: time range,
/// <c>$__interval</c>, <c>$__rate_interval</c>, and optional overrides of dashboard variables
/// (by name; otherwise each variable's saved current value is used).
/// </summary>
public sealed record GrafanaQueryContext(DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>$__interval (Grafana: range / max data points, at least the scrape interval).</summary>
    public string Interval { get; init; } = "1m";

    /// <summary>$__rate_interval (Grafana: max($__interval + scrape interval, 4 x scrape interval); 4 x 30 s here).</summary>
    public string RateInterval { get; init; } = "2m";

    public IReadOnlyDictionary<string, string> VariableOverrides { get; init; } = new Dictionary<string, string>();

    /// <summary>The last 7 days up to now.</summary>
    public static GrafanaQueryContext LastWeek()
    {
        var now = DateTimeOffset.UtcNow;
        return new GrafanaQueryContext(now.AddDays(-7), now);
    }

    public TimeSpan Range => To - From;
}
