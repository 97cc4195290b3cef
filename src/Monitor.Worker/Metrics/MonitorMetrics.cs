using System.Diagnostics.Metrics;
using Monitor.Worker.Polling;

namespace Monitor.Worker.Metrics;

/// <summary>Operational instruments (names and labels in docs/metrics.md).</summary>
public sealed class MonitorMetrics
{
    public const string MeterName = "Monitor";

    /// <summary>Bucket boundaries (seconds) of monitor.poll.cycle.duration: a cycle takes milliseconds to many minutes.</summary>
    public static readonly IReadOnlyList<double> CycleDurationBuckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];

    private readonly Histogram<double> cycleDuration;
    private readonly Counter<long> checks;
    private readonly Counter<long> changes;
    private readonly Counter<long> failures;

    public MonitorMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        Meter = meter;
        // Without advice the SDK's default boundaries (0, 5, 10, 25, ... 10000, made for milliseconds) put every cycle in one bucket.
        cycleDuration = meter.CreateHistogram("monitor.poll.cycle.duration", "s", "Duration of one poll cycle of a watch group",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = CycleDurationBuckets });
        checks = meter.CreateCounter<long>("monitor.poll.checks", "{check}", "Tags checked by poll cycles");
        changes = meter.CreateCounter<long>("monitor.poll.changes", "{change}", "Digest changes recorded (baselines included)");
        failures = meter.CreateCounter<long>("monitor.poll.failures", "{failure}", "Tag reads that failed");
    }

    public Meter Meter { get; }

    public void RecordPollCycle(PollSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var group = new KeyValuePair<string, object?>("group", summary.WatchGroup);
        cycleDuration.Record(summary.Duration.TotalSeconds, group);
        checks.Add(summary.Checked, group);
        changes.Add(summary.Changes, group);
        failures.Add(summary.Failed, group);
    }
}
