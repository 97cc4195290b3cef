using Monitor.Testing.Prometheus;

namespace Monitor.Dashboards.Tests.Harness;

public sealed class PromQlSelectorsTests
{
    [Theory]
    [InlineData("monitor_tag_stale == 1", "monitor_tag_stale")]
    [InlineData("count(max by (registry, tag) (monitor_tag_status{registry=~\".*\", status=~\"stale|due\"}) == 1) or vector(0)", "monitor_tag_status{registry=~\".*\", status=~\"stale|due\"}")]
    [InlineData("(sum by (registry) (rate(x_count{outcome!~\"ok|not_found\"}[2m])) or sum by (registry) (rate(x_count[2m])) * 0) / sum by (registry) (rate(x_count[2m]))", "x_count{outcome!~\"ok|not_found\"} ; x_count")]
    [InlineData("label_replace(max by (registry, tag) (monitor_tag_rebuilds{window=\"30d\"}), \"vendor\", \"$1\", \"registry\", \"(.*)\")", "monitor_tag_rebuilds{window=\"30d\"}")]
    [InlineData("a_total offset 5m or on (group) group_left (x) b_total {le=\"1\"} * 1.5e3 and bool c", "a_total ; b_total{le=\"1\"} ; c")]
    [InlineData("time() - max(m{tag=\"a{b}\"})", "m{tag=\"a{b}\"}")]
    [InlineData("sum without (instance) (rate(a_total[5m])) / sum(b) by (group)", "a_total ; b")]
    public void Finds_each_selector_once_with_its_matchers(string promql, string expected)
    {
        Assert.Equal(expected.Split(" ; "), PromQlSelectors.Extract(promql));
    }
}
