using Monitor.Testing.Prometheus;

namespace Monitor.Dashboards.Tests.Harness;

public sealed class PromQlMetricNamesTests
{
    [Theory]
    [InlineData("monitor_tag_stale == 1", "monitor_tag_stale")]
    [InlineData("sum by (outcome) (rate(monitor_registry_request_duration_seconds_count{registry=~\"$registry\", outcome!~\"ok|not_found\"}[5m]))", "monitor_registry_request_duration_seconds_count")]
    [InlineData("(time() - max by (registry, repository, tag, group) (monitor_tag_last_rebuild_seconds)) / max by (registry, repository, tag, group) (monitor_tag_rebuild_interval_median_seconds) > 3", "monitor_tag_last_rebuild_seconds monitor_tag_rebuild_interval_median_seconds")]
    [InlineData("label_replace(max by (registry, tag) (monitor_tag_rebuilds{window=\"30d\"}), \"vendor\", \"Chainguard\", \"registry\", \"cgr[.]dev\")", "monitor_tag_rebuilds")]
    [InlineData("histogram_quantile(0.95, sum by (group, le) (rate(monitor_poll_cycle_duration_seconds_bucket[2m])))", "monitor_poll_cycle_duration_seconds_bucket")]
    [InlineData("a_total offset 5m or on (group) group_left (x) b_total * 1.5e3 and bool c", "a_total b_total c")]
    [InlineData("count(x == 1) or vector(0)", "x")]
    public void Finds_exactly_the_selected_metric_names(string promql, string expected)
    {
        Assert.Equal(expected.Split(' ').Order(StringComparer.Ordinal), PromQlMetricNames.Extract(promql).Order(StringComparer.Ordinal));
    }
}
