using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Monitor.Core;
using Monitor.Core.Reading;
using Monitor.Core.Staleness;
using Monitor.Data.Watches;
using Monitor.Worker.Cadence;

namespace Monitor.Worker.Metrics;

/// <summary>
/// Per-tag gauges, read from the cadence snapshot at scrape time (in memory; no queries). Series are capped at
/// Cadence:MaxTagSeries, stalest first (<see cref="StalestFirst"/>), with monitor_tag_series_capped = 1 and a warning when the cap bites.
/// </summary>
public sealed class TagMetrics
{
    private static readonly IReadOnlyList<string> Statuses = WireNames.StalenessStatuses.Names;
    private static readonly IReadOnlyList<string> AgeSources = WireNames.AgeSources.Names;
    private static readonly string[] Windows = ["7d", "30d", "90d"];

    /// <summary>
    /// Points per array of a projection: 64 KB of them, below the large object heap's 85,000-byte threshold whatever
    /// the point's size (a fixed 512 came to 87 KB).
    /// </summary>
    private static readonly int ChunkSize = 64 * 1024 / Unsafe.SizeOf<TagPoint>();

    /// <summary>
    /// Series one exported tag can hold in an instrument while the process runs. Status is one series at a time, but
    /// the SDK keeps a point for every status a tag has shown (it reports only the current one).
    /// </summary>
    private static readonly Dictionary<string, int> SeriesPerTag = new(StringComparer.Ordinal)
    {
        ["monitor.tag.last_rebuild"] = 1,
        ["monitor.tag.rebuild.interval.median"] = 1,
        ["monitor.tag.rebuild.interval.p90"] = 1,
        ["monitor.tag.stale_after"] = 1,
        ["monitor.tag.stale"] = 1,
        ["monitor.tag.rebuilds"] = Windows.Length,
        ["monitor.tag.status"] = Statuses.Count,
        ["monitor.tag.age_measured_from"] = AgeSources.Count,
    };

    private readonly CadenceSnapshot snapshot;
    private readonly CadenceSettings settings;
    private readonly TimeProvider time;
    private readonly ILogger<TagMetrics> logger;
    private readonly HashSet<long> exportedSinceStart = [];
    private Projection cache = Projection.None;
    private bool warnedCap;
    private bool warnedChurn;

    public TagMetrics(IMeterFactory meterFactory, CadenceSnapshot snapshot, CadenceSettings settings, TimeProvider time, ILogger<TagMetrics> logger)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        (this.snapshot, this.settings, this.time, this.logger) = (snapshot, settings, time, logger);
        var meter = meterFactory.Create(MonitorMetrics.MeterName);
        meter.CreateObservableGauge("monitor.tag.last_rebuild", () => Series(static r => r.LastRebuildAt?.ToUnixTimeSeconds()), "s", "Unix time of the last rebuild event");
        meter.CreateObservableGauge("monitor.tag.rebuild.interval.median", () => Series(static r => r.Intervals?.Median.TotalSeconds), "s", "Median interval between rebuild events");
        meter.CreateObservableGauge("monitor.tag.rebuild.interval.p90", () => Series(static r => r.Intervals?.P90.TotalSeconds), "s", "90th percentile interval between rebuild events");
        meter.CreateObservableGauge("monitor.tag.stale_after", () => Series(static r => r.StaleAfter.TotalSeconds), "s", "Age at which the tag becomes stale under its policy");
        meter.CreateObservableGauge("monitor.tag.stale", () => Series(static r => r.Status == StalenessStatus.Stale ? 1 : 0), description: "1 when the tag is stale");
        meter.CreateObservableGauge("monitor.tag.rebuilds", RebuildCounts, "{rebuild}", "Rebuild events in the trailing window");
        meter.CreateObservableGauge("monitor.tag.status", StatusSeries, description: "The tag's current staleness status (label status), always 1");
        meter.CreateObservableGauge("monitor.tag.age_measured_from", AgeSeries, "s", "Unix time the tag's age counts from (label age_source: pushed, created or first-seen)");
        meter.CreateObservableGauge("monitor.tags.watched", StatusCounts, "{tag}", "Watched tags per staleness status (uncapped)");
        meter.CreateObservableGauge("monitor.tag.series.capped", () => Current().Total > settings.MaxTagSeries ? 1 : 0, description: "1 when per-tag series are capped");
    }

    /// <summary>
    /// The OpenTelemetry SDK keeps at most 2000 series per instrument unless told otherwise and folds the rest into one
    /// <c>otel_metric_overflow</c> series, which would silently drop tags well below Cadence:MaxTagSeries. A per-tag
    /// instrument gets room for its series at the cap plus <see cref="ChurnAllowance"/>: the SDK never reclaims a
    /// cumulative point, so tags that come and go (or rotate through the cap) use up points until a restart. Null for
    /// other instruments (default limit).
    /// </summary>
    public static int? CardinalityLimit(string instrumentName, int maxTagSeries) =>
        SeriesPerTag.TryGetValue(instrumentName, out var perTag)
            ? (int)Math.Min(int.MaxValue, Math.Max(1L, perTag * (maxTagSeries + (long)ChurnAllowance(maxTagSeries))))
            : null;

    /// <summary>Tags beyond the cap that may be exported at some point before a restart without overflowing: 10 %, at least 100.</summary>
    public static int ChurnAllowance(int maxTagSeries) => Math.Max(100, maxTagSeries / 10);

    private IEnumerable<Measurement<double>> Series(Func<TagCadenceReading, double?> value)
    {
        var labels = new KeyValuePair<string, object?>[4];
        foreach (var point in Current().Points())
        {
            if (value(point.Reading) is { } number)
            {
                // Measurement copies the labels, so one scratch array serves every series of this scrape.
                yield return new Measurement<double>(number, TagLabels(labels, point.Tag));
            }
        }
    }

    private IEnumerable<Measurement<int>> RebuildCounts()
    {
        var labels = new KeyValuePair<string, object?>[5];
        foreach (var point in Current().Points())
        {
            var recent = point.Reading.Recent;
            TagLabels(labels, point.Tag);
            labels[4] = new("window", Windows[0]);
            yield return new Measurement<int>(recent.Last7Days, labels);
            labels[4] = new("window", Windows[1]);
            yield return new Measurement<int>(recent.Last30Days, labels);
            labels[4] = new("window", Windows[2]);
            yield return new Measurement<int>(recent.Last90Days, labels);
        }
    }

    private IEnumerable<Measurement<int>> StatusSeries()
    {
        var labels = new KeyValuePair<string, object?>[5];
        foreach (var point in Current().Points())
        {
            // Label keys in ordinal order (group, registry, repository, status, tag): see TagLabels.
            TagLabels(labels, point.Tag);
            labels[4] = labels[3];
            labels[3] = new("status", Statuses[(int)point.Reading.Status]);
            yield return new Measurement<int>(1, labels);
        }
    }

    private IEnumerable<Measurement<double>> AgeSeries()
    {
        var labels = new KeyValuePair<string, object?>[5];
        foreach (var point in Current().Points())
        {
            if (point.Reading is { AgeMeasuredFrom: { } from, AgeSource: { } source })
            {
                // Label keys in ordinal order (age_source, group, registry, repository, tag): see TagLabels.
                TagLabels(labels.AsSpan(1), point.Tag);
                labels[0] = new("age_source", AgeSources[(int)source]);
                yield return new Measurement<double>(from.ToUnixTimeSeconds(), labels);
            }
        }
    }

    private IEnumerable<Measurement<int>> StatusCounts()
    {
        var counts = Current().StatusCounts;
        for (var i = 0; i < Statuses.Count; i++)
        {
            yield return new Measurement<int>(counts[i], new KeyValuePair<string, object?>("status", Statuses[i]));
        }
    }

    // Label keys in ordinal order, the order the SDK sorts them into: handed over sorted, it keeps one copy of each
    // series' labels (and one dictionary entry) instead of two.
    private static KeyValuePair<string, object?>[] TagLabels(KeyValuePair<string, object?>[] labels, WatchedTagRow tag)
    {
        TagLabels(labels.AsSpan(), tag);
        return labels;
    }

    private static void TagLabels(Span<KeyValuePair<string, object?>> labels, WatchedTagRow tag)
    {
        labels[0] = new("group", tag.WatchGroup);
        labels[1] = new("registry", tag.Reference.Registry);
        labels[2] = new("repository", tag.Reference.Repository);
        labels[3] = new("tag", tag.Reference.Tag);
    }

    /// <summary>
    /// One projection per scrape (the gauges are read one after another within milliseconds), and never one older
    /// than the snapshot: a scrape right after a refresh shows what the API shows.
    /// </summary>
    private Projection Current()
    {
        var current = cache;
        var generation = snapshot.Generation;
        if (current.Generation == generation && time.GetElapsedTime(current.Timestamp) < TimeSpan.FromSeconds(1))
        {
            return current;
        }

        var (now, policy) = (time.GetUtcNow(), settings.ToPolicy());
        var tags = snapshot.Tags;
        var all = new TagPoint[(tags.Count + ChunkSize - 1) / ChunkSize][];
        var counts = new int[Statuses.Count];
        for (var i = 0; i < tags.Count; i++)
        {
            if (i % ChunkSize == 0)
            {
                all[i / ChunkSize] = new TagPoint[Math.Min(ChunkSize, tags.Count - i)];
            }

            var point = new TagPoint(tags[i].Tag, tags[i].ReadAt(now, policy));
            all[i / ChunkSize][i % ChunkSize] = point;
            counts[(int)point.Reading.Status]++;
        }

        var exported = all;
        if (tags.Count > settings.MaxTagSeries)
        {
            exported = [.. StalestFirst.Order(all.SelectMany(static chunk => chunk), static p => p.Reading, static p => p.Tag.Reference.Canonical)
                .Take(settings.MaxTagSeries).Chunk(ChunkSize)];
            if (!warnedCap)
            {
                warnedCap = true;
                logger.LogWarning("{Tags} watched tags exceed Cadence:MaxTagSeries={Cap}: per-tag metrics export the {Cap} stalest only", tags.Count, settings.MaxTagSeries, settings.MaxTagSeries);
            }
        }

        var projection = new Projection(time.GetTimestamp(), generation, tags.Count, exported, counts);
        NoteExported(projection);
        cache = projection;
        return projection;
    }

    /// <summary>Warns once when more distinct tags have been exported since start than the instruments have room for.</summary>
    private void NoteExported(Projection projection)
    {
        int count;
        lock (exportedSinceStart)
        {
            foreach (var point in projection.Points())
            {
                exportedSinceStart.Add(point.Tag.Id);
            }

            count = exportedSinceStart.Count;
        }

        var room = settings.MaxTagSeries + ChurnAllowance(settings.MaxTagSeries);
        if (count > room && !warnedChurn)
        {
            warnedChurn = true;
            logger.LogWarning(
                "{Count} distinct tags exported as metrics since start, more than the {Room} the per-tag instruments hold: newer ones may land in otel_metric_overflow until the service restarts",
                count, room);
        }
    }

    /// <summary>What the per-tag gauges report for one tag at one moment.</summary>
    private readonly record struct TagPoint(WatchedTagRow Tag, TagCadenceReading Reading);

    /// <remarks>
    /// Points in chunks of <see cref="ChunkSize"/>: one flat array per scrape (about 1 MB for 10,000 tags) would land on
    /// the large object heap, which only a full collection reclaims; its garbage piled up between them.
    /// </remarks>
    private sealed record Projection(long Timestamp, long Generation, int Total, TagPoint[][] Exported, int[] StatusCounts)
    {
        public static readonly Projection None = new(0, -1, 0, [], new int[Statuses.Count]);

        public IEnumerable<TagPoint> Points() => Exported.SelectMany(static chunk => chunk);
    }
}
