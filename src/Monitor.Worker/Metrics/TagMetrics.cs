using System.Diagnostics.Metrics;
using Monitor.Worker.Cadence;

namespace Monitor.Worker.Metrics;

/// <summary>
/// Per-tag gauges, read from the cadence snapshot at scrape time (in memory; no queries). Series are capped at
/// Cadence:MaxTagSeries, stalest first, with monitor_tag_series_capped = 1 and a warning when the cap bites.
/// </summary>
public sealed class TagMetrics
{
    private static readonly string[] Statuses = ["fresh", "due", "stale", "unknown", "missing"];
    private static readonly string[] Windows = ["7d", "30d", "90d"];

    /// <summary>Series each exported tag adds to an instrument (one per label combination beyond the tag's own labels).</summary>
    private static readonly Dictionary<string, int> SeriesPerTag = new(StringComparer.Ordinal)
    {
        ["monitor.tag.last_rebuild"] = 1,
        ["monitor.tag.rebuild.interval.median"] = 1,
        ["monitor.tag.rebuild.interval.p90"] = 1,
        ["monitor.tag.stale_after"] = 1,
        ["monitor.tag.stale"] = 1,
        ["monitor.tag.rebuilds"] = Windows.Length,
        ["monitor.tag.status"] = Statuses.Length,
    };
    private readonly CadenceSnapshot snapshot;
    private readonly CadenceSettings settings;
    private readonly TimeProvider time;
    private readonly ILogger<TagMetrics> logger;
    private (long Timestamp, long Generation, IReadOnlyList<TagCadenceView> All, IReadOnlyList<TagCadenceView> Exported) cache;
    private bool warned;

    public TagMetrics(IMeterFactory meterFactory, CadenceSnapshot snapshot, CadenceSettings settings, TimeProvider time, ILogger<TagMetrics> logger)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        (this.snapshot, this.settings, this.time, this.logger) = (snapshot, settings, time, logger);
        var meter = meterFactory.Create(MonitorMetrics.MeterName);
        meter.CreateObservableGauge("monitor.tag.last_rebuild", () => Series(v => v.LastRebuildAt?.ToUnixTimeSeconds()), "s", "Unix time of the last rebuild event");
        meter.CreateObservableGauge("monitor.tag.rebuild.interval.median", () => Series(v => v.MedianIntervalSeconds), "s", "Median interval between rebuild events");
        meter.CreateObservableGauge("monitor.tag.rebuild.interval.p90", () => Series(v => v.P90IntervalSeconds), "s", "90th percentile interval between rebuild events");
        meter.CreateObservableGauge("monitor.tag.stale_after", () => Series(v => v.StaleAfterSeconds), "s", "Age at which the tag becomes stale under its policy");
        meter.CreateObservableGauge("monitor.tag.stale", () => Series(v => v.Status == "stale" ? 1 : 0), description: "1 when the tag is stale");
        meter.CreateObservableGauge("monitor.tag.rebuilds", RebuildCounts, "{rebuild}", "Rebuild events in the trailing window");
        meter.CreateObservableGauge("monitor.tag.status", StatusSeries, description: "1 for the tag's current staleness status");
        meter.CreateObservableGauge("monitor.tags.watched", StatusCounts, "{tag}", "Watched tags per staleness status (uncapped)");
        meter.CreateObservableGauge("monitor.tag.series.capped", () => Current().All.Count > settings.MaxTagSeries ? 1 : 0, description: "1 when per-tag series are capped");
    }

    /// <summary>
    /// The OpenTelemetry SDK keeps at most 2000 series per instrument unless told otherwise and folds the rest into one
    /// <c>otel_metric_overflow</c> series, which would silently drop tags well below Cadence:MaxTagSeries. A per-tag
    /// instrument gets room for twice its series at the cap: the SDK never reclaims a cumulative series, so tags that
    /// come and go (or rotate through the cap) use up points until a restart. Null for other instruments (default limit).
    /// </summary>
    public static int? CardinalityLimit(string instrumentName, int maxTagSeries) =>
        SeriesPerTag.TryGetValue(instrumentName, out var perTag) ? (int)Math.Min(int.MaxValue, Math.Max(1L, 2L * perTag * maxTagSeries)) : null;

    private IEnumerable<Measurement<double>> Series(Func<TagCadenceView, double?> value)
    {
        foreach (var view in Current().Exported)
        {
            if (value(view) is { } number)
            {
                yield return new Measurement<double>(number, Labels(view));
            }
        }
    }

    private IEnumerable<Measurement<int>> RebuildCounts()
    {
        foreach (var view in Current().Exported)
        {
            yield return new Measurement<int>(view.Rebuilds7d, WindowLabels(view, Windows[0]));
            yield return new Measurement<int>(view.Rebuilds30d, WindowLabels(view, Windows[1]));
            yield return new Measurement<int>(view.Rebuilds90d, WindowLabels(view, Windows[2]));
        }
    }

    private IEnumerable<Measurement<int>> StatusSeries()
    {
        foreach (var view in Current().Exported)
        {
            foreach (var status in Statuses)
            {
                yield return new Measurement<int>(view.Status == status ? 1 : 0, StatusLabels(view, status));
            }
        }
    }

    private IEnumerable<Measurement<int>> StatusCounts()
    {
        var all = Current().All;
        return Statuses.Select(status => new Measurement<int>(all.Count(v => v.Status == status), new KeyValuePair<string, object?>("status", status)));
    }

    /// <summary>
    /// One projection per scrape (the gauges are read one after another within milliseconds), and never one older
    /// than the snapshot: a scrape right after a refresh shows what the API shows.
    /// </summary>
    private (long Timestamp, long Generation, IReadOnlyList<TagCadenceView> All, IReadOnlyList<TagCadenceView> Exported) Current()
    {
        var current = cache;
        var generation = snapshot.Generation;
        if (current.All is not null && current.Generation == generation && time.GetElapsedTime(current.Timestamp) < TimeSpan.FromSeconds(1))
        {
            return current;
        }

        var all = snapshot.Views(time.GetUtcNow());
        var exported = all.Count <= settings.MaxTagSeries
            ? all
            : [.. all.OrderByDescending(v => v.Status == "stale").ThenByDescending(v => v.AgeSeconds ?? 0).Take(settings.MaxTagSeries)];
        if (all.Count > settings.MaxTagSeries && !warned)
        {
            warned = true;
            logger.LogWarning("{Tags} watched tags exceed Cadence:MaxTagSeries={Cap}: per-tag metrics export the {Cap} stalest only", all.Count, settings.MaxTagSeries, settings.MaxTagSeries);
        }

        cache = (time.GetTimestamp(), generation, all, exported);
        return cache;
    }

    // Label keys in ordinal order, the order the SDK sorts them into: handed over sorted, it keeps one copy of each
    // series' labels (and one dictionary entry) instead of two, about 20 MB for 130,000 series.
    private static KeyValuePair<string, object?>[] Labels(TagCadenceView view) =>
    [
        new("group", view.Group),
        new("registry", view.Registry),
        new("repository", view.Repository),
        new("tag", view.Tag),
    ];

    private static KeyValuePair<string, object?>[] WindowLabels(TagCadenceView view, string window) =>
    [
        new("group", view.Group),
        new("registry", view.Registry),
        new("repository", view.Repository),
        new("tag", view.Tag),
        new("window", window),
    ];

    private static KeyValuePair<string, object?>[] StatusLabels(TagCadenceView view, string status) =>
    [
        new("group", view.Group),
        new("registry", view.Registry),
        new("repository", view.Repository),
        new("status", status),
        new("tag", view.Tag),
    ];
}
