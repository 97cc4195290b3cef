using System.Text.Json;
using Monitor.Testing.Prometheus;

namespace Monitor.Dashboards.Tests.Harness;

public sealed class GrafanaTemplateTests
{
    private static readonly GrafanaQueryContext Context = new(
        new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 1, 8, 0, 0, 0, TimeSpan.Zero));

    private static readonly Dictionary<string, GrafanaVariable> Variables = new[]
    {
        """{"name":"registry","type":"query","multi":true,"includeAll":true,"allValue":".*","current":{"value":["$__all"]}}""",
        """{"name":"tag","type":"query","current":{"value":"it's"}}""",
        """{"name":"group","type":"query","multi":true,"current":{"value":["base","apps"]}}""",
        """{"name":"settle","type":"constant","query":"6 hours"}""",
    }.Select(json => GrafanaVariable.FromJson(JsonDocument.Parse(json).RootElement)).ToDictionary(v => v.Name);

    [Theory]
    [InlineData("rate(x{registry=~\"$registry\"}[$__rate_interval])", "rate(x{registry=~\".*\"}[2m])")]
    [InlineData("increase(x[${__range}])", "increase(x[604800s])")]
    [InlineData("x{group=~\"${group}\"}", "x{group=~\"(base|apps)\"}")]
    [InlineData("label_replace(x, \"v\", \"$1\", \"r\", \"(.*)\")", "label_replace(x, \"v\", \"$1\", \"r\", \"(.*)\")")]
    public void Expands_PromQL(string template, string expected) =>
        Assert.Equal(expected, GrafanaTemplate.Expand(template, QueryLanguage.PromQl, Variables, Context));

    [Theory]
    [InlineData("WHERE $__timeFilter(r.first_seen_at)", "WHERE r.first_seen_at BETWEEN '2026-01-01T00:00:00Z' AND '2026-01-08T00:00:00Z'")]
    [InlineData("generate_series($__timeFrom()::timestamptz, $__timeTo()::timestamptz, interval '$settle')", "generate_series('2026-01-01T00:00:00Z'::timestamptz, '2026-01-08T00:00:00Z'::timestamptz, interval '6 hours')")]
    [InlineData("WHERE tag = '$tag'", "WHERE tag = 'it''s'")]
    [InlineData("WHERE watch_group IN ($group)", "WHERE watch_group IN ('base','apps')")]
    [InlineData("SELECT $__timeGroupAlias(started_at, '1h')", "SELECT floor(extract(epoch from started_at)/3600)*3600 AS \"time\"")]
    public void Expands_SQL(string template, string expected) =>
        Assert.Equal(expected, GrafanaTemplate.Expand(template, QueryLanguage.Sql, Variables, Context));

    [Fact]
    public void Overrides_replace_saved_values() =>
        Assert.Equal(
            "x{registry=~\"gcr.io\"}",
            GrafanaTemplate.Expand("x{registry=~\"$registry\"}", QueryLanguage.PromQl, Variables,
                Context with { VariableOverrides = new Dictionary<string, string> { ["registry"] = "gcr.io" } }));

    [Theory]
    [InlineData("x{repo=\"$repository\"}")]
    [InlineData("x[$__made_up]")]
    [InlineData("x{a=\"[[nope]]\"}")]
    public void Undefined_variables_and_unknown_macros_fail(string template) =>
        Assert.Throws<FormatException>(() => GrafanaTemplate.Expand(template, QueryLanguage.PromQl, Variables, Context));
}
