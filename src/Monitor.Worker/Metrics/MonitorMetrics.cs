using System.Diagnostics.Metrics;
using Monitor.Worker.Polling;

namespace Monitor.Worker.Metrics;

/// <summary>Operational instruments (names and labels in docs/metrics.md).</summary>
public sealed class MonitorMetrics
{
    public const string MeterName = "Monitor";

    private readonly Histogram<double> cycleDuration;
    private readonly Counter<long> checks;
    private readonly Counter<long> changes;
    private readonly Counter<long> failures;

    public MonitorMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        Meter = meter;
        cycleDuration = meter.CreateHistogram<double>("monitor.poll.cycle.duration", "s", "Duration of one poll cycle of a watch group");
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
