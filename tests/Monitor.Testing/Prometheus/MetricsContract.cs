using System.Text.RegularExpressions;

namespace Monitor.Testing.Prometheus;

public enum MetricKind
{
    Gauge,
    Counter,
    Histogram,
}

/// <summary>
/// The Prometheus names and types promised by <c>docs/metrics.md</c> (its table rows:
/// <c>| `instrument` | `prometheus_name` | type | ... |</c>). Dashboards and rules may use only these.
/// </summary>
public sealed partial class MetricsContract
{
    private static readonly string[] HistogramSuffixes = ["_bucket", "_sum", "_count"];

    private MetricsContract(IReadOnlyDictionary<string, MetricKind> metrics) => Metrics = metrics;

    /// <summary>Prometheus metric family name → type.</summary>
    public IReadOnlyDictionary<string, MetricKind> Metrics { get; }

    /// <summary>Every series name an exporter of this contract shows (histograms as _bucket, _sum and _count).</summary>
    public IEnumerable<string> SeriesNames => Metrics.SelectMany(m => m.Value == MetricKind.Histogram
        ? HistogramSuffixes.Select(suffix => m.Key + suffix)
        : [m.Key]);

    public static MetricsContract Load(string repositoryRoot) =>
        Parse(File.ReadAllText(Path.Combine(repositoryRoot, "docs", "metrics.md")));

    public static MetricsContract Parse(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var metrics = new Dictionary<string, MetricKind>(StringComparer.Ordinal);
        foreach (var line in markdown.Split('\n'))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length < 5)
            {
                continue;
            }

            var name = PrometheusName().Match(cells[2]);
            if (name.Success && Enum.TryParse<MetricKind>(cells[3], ignoreCase: true, out var kind))
            {
                metrics[name.Groups[1].Value] = kind;
            }
        }

        return metrics.Count > 0
            ? new MetricsContract(metrics)
            : throw new FormatException("docs/metrics.md has no `| instrument | `prometheus_name` | type |` rows.");
    }

    /// <summary>Whether a series name used in PromQL exists under the contract (histogram families only through their suffixes).</summary>
    public bool Defines(string seriesName)
    {
        ArgumentNullException.ThrowIfNull(seriesName);
        if (Metrics.TryGetValue(seriesName, out var kind))
        {
            return kind != MetricKind.Histogram;
        }

        return HistogramSuffixes.Any(suffix => seriesName.EndsWith(suffix, StringComparison.Ordinal)
            && Metrics.TryGetValue(seriesName[..^suffix.Length], out var family)
            && family == MetricKind.Histogram);
    }

    [GeneratedRegex(@"^`([a-z_:][a-z0-9_:]*)`$")]
    private static partial Regex PrometheusName();
}
