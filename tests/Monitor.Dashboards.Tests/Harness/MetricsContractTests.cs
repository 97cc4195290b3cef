using Monitor.Testing.Prometheus;

namespace Monitor.Dashboards.Tests.Harness;

public sealed class MetricsContractTests
{
    private static readonly MetricsContract Contract = MetricsContract.Load(Repo.Root);

    [Theory]
    [InlineData("monitor_tag_last_rebuild_seconds", MetricKind.Gauge)]
    [InlineData("monitor_tag_rebuilds", MetricKind.Gauge)]
    [InlineData("monitor_registry_request_duration_seconds", MetricKind.Histogram)]
    [InlineData("monitor_poll_failures_total", MetricKind.Counter)]
    [InlineData("monitor_tags_watched", MetricKind.Gauge)]
    public void Reads_names_and_types_from_docs_metrics_md(string name, MetricKind kind) =>
        Assert.Equal(kind, Contract.Metrics[name]);

    [Theory]
    [InlineData("monitor_registry_request_duration_seconds_bucket", true)]
    [InlineData("monitor_registry_request_duration_seconds_count", true)]
    [InlineData("monitor_registry_request_duration_seconds", false)]
    [InlineData("monitor_tag_stale_bucket", false)]
    [InlineData("monitor_poll_failures", false)]
    [InlineData("monitor_tag_digest", false)]
    public void Histograms_exist_only_as_bucket_sum_and_count(string series, bool defined) =>
        Assert.Equal(defined, Contract.Defines(series));

    [Fact]
    public void Parse_rejects_a_document_without_metric_rows() =>
        Assert.Throws<FormatException>(() => MetricsContract.Parse("# nothing here\n| a | b |"));
}
