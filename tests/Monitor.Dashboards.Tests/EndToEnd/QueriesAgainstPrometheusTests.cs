using System.Diagnostics;
using Monitor.Testing.Prometheus;

namespace Monitor.Dashboards.Tests.EndToEnd;

/// <summary>
/// Every PromQL expression of every dashboard and alert rule runs on a real Prometheus against the
/// synthetic fleet: Prometheus accepts it and it returns data. The alert rules load and each alert
/// becomes active. Point <see cref="PromQlProbe"/> at a Prometheus scraping the real service for the same proof.
/// </summary>
[Collection(nameof(SyntheticFleetDefinition))]
public sealed class QueriesAgainstPrometheusTests(SyntheticFleetPrometheus fleet)
{
    private static readonly PromQlCatalog Catalog = PromQlCatalog.Load(Repo.Root);

    [Fact]
    public void Synthetic_fleet_exposes_every_metric_of_the_contract()
    {
        var exposed = SyntheticFleet.SeriesNames(SyntheticFleet.Render(SyntheticFleet.Template, 1, DateTimeOffset.UtcNow));

        var missing = MetricsContract.Load(Repo.Root).SeriesNames.Where(n => !exposed.Contains(n)).ToList();

        Assert.True(missing.Count == 0, "The synthetic fleet lacks: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Prometheus_scraped_every_metric_of_the_contract()
    {
        var result = await fleet.Server.QueryAsync("count by (__name__) ({__name__=~\"monitor_.+\"})", TestContext.Current.CancellationToken);
        Assert.True(result.IsSuccess, result.ToString());

        var scraped = result.Samples.Select(s => s.Labels["__name__"]).ToHashSet(StringComparer.Ordinal);

        var missing = MetricsContract.Load(Repo.Root).SeriesNames.Where(n => !scraped.Contains(n)).ToList();
        Assert.True(missing.Count == 0, "Not in Prometheus: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Every_dashboard_and_rule_expression_is_accepted_by_Prometheus()
    {
        Assert.NotEmpty(Catalog.PromQl);

        var report = await PromQlProbe.RunAsync(fleet.Server, Catalog.PromQl, TestContext.Current.CancellationToken);

        TestContext.Current.SendDiagnosticMessage($"{report.Results.Count} PromQL expressions run against {fleet.Server.Address}");
        Assert.True(report.Rejected.Count == 0, $"Prometheus rejected {report.Rejected.Count} expression(s):\n" + PromQlProbeReport.Describe(report.Rejected));
    }

    [Fact]
    public async Task Every_dashboard_and_rule_expression_returns_data_for_the_synthetic_fleet()
    {
        var report = await PromQlProbe.RunAsync(fleet.Server, Catalog.PromQl, TestContext.Current.CancellationToken);

        Assert.True(report.Empty.Count == 0, $"{report.Empty.Count} expression(s) returned no series:\n" + PromQlProbeReport.Describe(report.Empty));
    }

    [Fact]
    public async Task Alert_rules_load_and_evaluate_without_errors()
    {
        var loaded = await PrometheusRules.LoadedAsync(fleet.Server, TestContext.Current.CancellationToken);

        Assert.Equal(Catalog.PromQl.Count(e => e.Origin is QueryOrigin.AlertRule or QueryOrigin.RecordingRule), loaded.Count);
        Assert.All(loaded, r => Assert.True(r.GetProperty("health").GetString() == "ok", $"{r.GetProperty("name")}: {r.GetRawText()}"));
    }

    [Fact]
    public async Task Every_alert_becomes_active_on_the_synthetic_fleet()
    {
        var expected = PrometheusRules.Alerts(Catalog);
        var active = new HashSet<string>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20) && !expected.IsSubsetOf(active))
        {
            active.UnionWith(await PrometheusRules.ActiveAsync(fleet.Server, TestContext.Current.CancellationToken));
            await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
        }

        var silent = expected.Except(active).ToList();
        Assert.True(silent.Count == 0, $"Never pending/firing: {string.Join(", ", silent)}; active: {string.Join(", ", active)}");
    }
}
