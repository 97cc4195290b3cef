using System.Diagnostics;
using Monitor.Testing.Prometheus;

namespace Monitor.Dashboards.Tests.EndToEnd;

/// <summary>
/// The proof the synthetic fleet cannot give: the real service, with a real short history (see
/// <see cref="RealServicePrometheus"/>), scraped by a real Prometheus, exports exactly the metrics and labels of
/// <c>docs/metrics.md</c>, and every PromQL expression of the dashboards and the alert rules returns data from it.
/// No expression is exempt: the history is shaped so each returns data (the 7/30/90-day windows count rebuilds seconds
/// old; every alert condition is made true: stale tags, a broken cadence, a missing tag, failing groups, a spent pull
/// quota), and each selector must match series on its own, so a fallback such as <c>or vector(0)</c> proves nothing.
/// </summary>
[Collection(nameof(RealServiceDefinition))]
public sealed class RealServiceQueriesTests(RealServicePrometheus service)
{
    private const string TagDetailFile = "tag-detail.json";

    /// <summary>How long an expression may take to show the history (rules need a few evaluations, rate() a few scrapes).</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    private static readonly string[] TagLabels = ["registry", "repository", "tag", "group"];

    /// <summary>The label names of each metric, as docs/metrics.md lists them (besides Prometheus' job and instance).</summary>
    private static readonly Dictionary<string, string[]> ContractLabels = new(StringComparer.Ordinal)
    {
        ["monitor_tag_last_rebuild_seconds"] = TagLabels,
        ["monitor_tag_rebuild_interval_median_seconds"] = TagLabels,
        ["monitor_tag_rebuild_interval_p90_seconds"] = TagLabels,
        ["monitor_tag_rebuilds"] = [.. TagLabels, "window"],
        ["monitor_tag_stale"] = TagLabels,
        ["monitor_tag_status"] = [.. TagLabels, "status"],
        ["monitor_tag_stale_after_seconds"] = TagLabels,
        ["monitor_tag_age_measured_from_seconds"] = [.. TagLabels, "age_source"],
        ["monitor_registry_request_duration_seconds"] = ["server_address", "server_port", "http_request_method"],
        ["monitor_registry_ratelimit_remaining"] = ["server_address", "server_port"],
        ["monitor_poll_cycle_duration_seconds"] = ["group"],
        ["monitor_poll_checks_total"] = ["group"],
        ["monitor_poll_changes_total"] = ["group"],
        ["monitor_poll_failures_total"] = ["group"],
        ["monitor_tag_series_capped"] = [],
        ["monitor_tags_watched"] = ["status"],
    };

    /// <summary>Labels docs/metrics.md names as conditional (OpenTelemetry's HTTP conventions): present on some series only.</summary>
    private static readonly Dictionary<string, string[]> ConditionalLabels = new(StringComparer.Ordinal)
    {
        ["monitor_registry_request_duration_seconds"] = ["http_response_status_code", "error_type"],
    };

    /// <summary>The values docs/metrics.md allows for the enumerated labels.</summary>
    private static readonly Dictionary<string, string[]> ContractValues = new(StringComparer.Ordinal)
    {
        ["window"] = ["7d", "30d", "90d"],
        ["status"] = ["fresh", "due", "stale", "unknown", "missing"],
        ["age_source"] = ["pushed", "created", "first-seen"],
        ["http_request_method"] = ["HEAD", "GET"],
        ["error_type"] = ["not_found", "unauthorized", "rate_limited", "server_error", "timeout", "invalid_response", "circuit_open"],
    };

    private static readonly string[] AddedByPrometheus = ["__name__", "job", "instance"];

    /// <summary>Labels the OpenTelemetry exporter adds to every series, with their values: none, scope labels are off (docs/metrics.md).</summary>
    private static readonly Dictionary<string, string> AddedByExporter = new(StringComparer.Ordinal);

    [Fact]
    public async Task Real_service_exports_exactly_the_metrics_of_the_contract()
    {
        var contract = MetricsContract.Load(Repo.Root);
        // Per docs/metrics.md: under OpenMetrics each counter and histogram also has a _created series.
        var expected = contract.SeriesNames.Concat(contract.Metrics.Where(m => m.Value != MetricKind.Gauge).Select(m => Created(m.Key)))
            .ToHashSet(StringComparer.Ordinal);
        HashSet<string> scraped = [];
        await EventuallyAsync(async () =>
        {
            var result = await service.Server.QueryAsync("count by (__name__) ({__name__=~\"monitor_.+\"})", TestContext.Current.CancellationToken);
            Assert.True(result.IsSuccess, result.ToString());
            scraped = result.Samples.Select(s => s.Labels["__name__"]).ToHashSet(StringComparer.Ordinal);
            return expected.SetEquals(scraped);
        });

        Assert.True(expected.SetEquals(scraped),
            $"Not exported: {string.Join(", ", expected.Except(scraped).Order())}\nNot in docs/metrics.md: {string.Join(", ", scraped.Except(expected).Order())}\n"
            + await service.DescribeAsync());
    }

    [Fact]
    public async Task Real_service_labels_every_series_as_the_contract_says()
    {
        Assert.Equal(MetricsContract.Load(Repo.Root).Metrics.Keys.Order(), ContractLabels.Keys.Order());

        var result = await service.Server.QueryAsync("{__name__=~\"monitor_.+\"}", TestContext.Current.CancellationToken);
        Assert.True(result.HasData, result.ToString());

        var problems = new List<string>();
        foreach (var sample in result.Samples)
        {
            var name = sample.Labels["__name__"];
            var family = Family(name);
            var expected = ContractLabels.TryGetValue(family, out var labels)
                ? labels.Concat(name.EndsWith("_bucket", StringComparison.Ordinal) ? ["le"] : []).ToHashSet(StringComparer.Ordinal)
                : null;
            var actual = sample.Labels.Keys.Except(AddedByPrometheus).Except(AddedByExporter.Keys).ToHashSet(StringComparer.Ordinal);
            if (expected is null)
            {
                problems.Add($"{sample}: not a metric of docs/metrics.md");
                continue;
            }

            actual.ExceptWith(ConditionalLabels.GetValueOrDefault(family, []));
            if (!expected.SetEquals(actual))
            {
                problems.Add($"{sample}: labels {string.Join(", ", actual.Order())}, docs/metrics.md says {string.Join(", ", expected.Order())}");
            }

            problems.AddRange(AddedByExporter
                .Where(added => sample.Labels.GetValueOrDefault(added.Key) != added.Value)
                .Select(added => $"{sample}: {added.Key} should be \"{added.Value}\""));
            problems.AddRange(sample.Labels
                .Where(l => ContractValues.TryGetValue(l.Key, out var allowed) && !allowed.Contains(l.Value))
                .Select(l => $"{sample}: {l.Key}=\"{l.Value}\" is not one of {string.Join(", ", ContractValues[l.Key])}"));
            if (sample.Labels.TryGetValue("registry", out var registry) && !KnownRegistries().Contains(registry))
            {
                problems.Add($"{sample}: registry=\"{registry}\" is none of the watched registries");
            }

            if (sample.Labels.TryGetValue("server_address", out var address) && !KnownRegistries().Contains($"{address}:{sample.Labels.GetValueOrDefault("server_port")}"))
            {
                problems.Add($"{sample}: server_address:server_port is none of the watched registries' API hosts");
            }

            problems.AddRange(HttpConventionProblems(sample));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Every_dashboard_and_rule_expression_returns_data_from_the_real_service()
    {
        var expressions = Expressions();
        Assert.Equal(PromQlCatalog.Load(Repo.Root).PromQl.Count, expressions.Count);

        var clock = Stopwatch.StartNew();
        PromQlProbeReport report = null!;
        await EventuallyAsync(async () =>
        {
            report = await PromQlProbe.RunAsync(service.Server, expressions, TestContext.Current.CancellationToken);
            return report.Rejected.Count == 0 && report.Empty.Count == 0;
        });

        TestContext.Current.SendDiagnosticMessage(
            $"{report.Results.Count} PromQL expressions returned data from the real service after {service.StartupTime.TotalSeconds:0.0} s of set-up " +
            $"and {clock.Elapsed.TotalSeconds:0.0} s of probing.\n{service.Timeline}");
        Assert.True(report.Rejected.Count == 0, $"Prometheus rejected {report.Rejected.Count} expression(s):\n" + PromQlProbeReport.Describe(report.Rejected));
        Assert.True(report.Empty.Count == 0,
            $"{report.Empty.Count} expression(s) returned no series from the real service:\n" + PromQlProbeReport.Describe(report.Empty) + await service.DescribeAsync());
    }

    [Fact]
    public async Task Every_selector_of_the_dashboards_and_rules_matches_series_of_the_real_service()
    {
        // An expression can return data through a fallback (or vector(0), or x * 0) while one of its selectors
        // matches nothing, e.g. after a label or value was renamed: each selector on its own must match series.
        var selectors = Expressions()
            .SelectMany(e => PromQlSelectors.Extract(e.Expr).Select(selector => (Selector: selector, Expression: e)))
            .GroupBy(pair => pair.Selector, pair => pair.Expression, StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(selectors);

        var empty = new List<string>();
        await EventuallyAsync(async () =>
        {
            empty.Clear();
            foreach (var selector in selectors)
            {
                var result = await service.Server.QueryAsync(selector.Key, TestContext.Current.CancellationToken);
                if (!result.HasData)
                {
                    empty.Add($"- {selector.Key}\n    answer: {result}\n    used by: {string.Join("; ", selector.Distinct())}");
                }
            }

            return empty.Count == 0;
        });

        Assert.True(empty.Count == 0, $"{empty.Count} of {selectors.Count} selectors match no series of the real service:\n{string.Join("\n", empty)}");
    }

    [Fact]
    public async Task Latency_quantiles_of_the_dashboards_show_the_real_durations()
    {
        // A local registry answers in milliseconds and a cycle of five such tags takes well under a second. With
        // buckets made for milliseconds (the SDK default: 0, 5, 10, ...) every quantile would read 2.5 to 5 s.
        var quantiles = Expressions().Where(e => e.Template.StartsWith("histogram_quantile(", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, quantiles.Count);

        // A quantile over a window without a single new observation is 0/0 = NaN, which a loaded machine's pause in
        // polling can produce for a moment; the buckets are judged once the window holds traffic again.
        var problems = new List<string>();
        await EventuallyAsync(async () =>
        {
            problems.Clear();
            foreach (var quantile in quantiles)
            {
                var result = await service.Server.QueryAsync(quantile.Expr, TestContext.Current.CancellationToken);
                var (label, value) = quantile.Expr.Contains("monitor_poll_cycle", StringComparison.Ordinal)
                    ? ("group", "base")
                    : ("server_address:server_port", service.Registry.Registry);
                var sample = result.Samples.FirstOrDefault(s => label == "group"
                    ? s.Labels.GetValueOrDefault(label) == value
                    : $"{s.Labels.GetValueOrDefault("server_address")}:{s.Labels.GetValueOrDefault("server_port")}" == value);
                if (sample is null || !double.IsFinite(sample.Value) || sample.Value <= 0 || sample.Value >= 1)
                {
                    problems.Add($"{quantile}: {label}=\"{value}\" should be between 0 and 1 s, got {(sample is null ? result.ToString() : sample.ToString())}");
                }
            }

            return problems.Count == 0;
        });

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Tag_detail_variables_offer_the_tag_its_queries_run_for()
    {
        var variables = TagDetailCatalog().Sql.Where(q => q.Origin == QueryOrigin.DashboardVariable).ToList();
        Assert.Equal(3, variables.Count);

        foreach (var (name, value) in TagDetailVariables())
        {
            var query = Assert.Single(variables, v => v.Location == $"variable ${name}");
            var options = new List<string>();
            await using var command = service.Database.CreateCommand(query.Sql);
            await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                options.Add(reader.GetString(0));
            }

            Assert.True(options.Contains(value), $"${name} offers {string.Join(", ", options)}, not {value}:\n{query.Sql}");
        }
    }

    [Fact]
    public async Task Alert_rules_load_and_evaluate_without_errors_on_the_real_service()
    {
        var loaded = await PrometheusRules.LoadedAsync(service.Server, TestContext.Current.CancellationToken);

        Assert.Equal(PromQlCatalog.Load(Repo.Root).PromQl.Count(e => e.Origin is QueryOrigin.AlertRule or QueryOrigin.RecordingRule), loaded.Count);
        Assert.All(loaded, r => Assert.True(r.GetProperty("health").GetString() == "ok", $"{r.GetProperty("name")}: {r.GetRawText()}"));
    }

    [Fact]
    public async Task Every_alert_becomes_active_on_the_real_history()
    {
        var expected = PrometheusRules.Alerts(PromQlCatalog.Load(Repo.Root));
        var active = new HashSet<string>(StringComparer.Ordinal);
        await EventuallyAsync(async () =>
        {
            active.UnionWith(await PrometheusRules.ActiveAsync(service.Server, TestContext.Current.CancellationToken));
            return expected.IsSubsetOf(active);
        });

        var silent = expected.Except(active).ToList();
        Assert.True(silent.Count == 0, $"Never pending/firing: {string.Join(", ", silent)}; active: {string.Join(", ", active)}\n" + await service.DescribeAsync());
    }

    /// <summary>
    /// Every catalogued expression; Tag detail's with its registry/repository/tag variables (PostgreSQL queries in
    /// Grafana) set to the rebuilt multi-arch tag, as a user picks it. The other dashboards keep their saved "All".
    /// </summary>
    private List<PromQlExpression> Expressions() =>
    [
        .. PromQlCatalog.Load(Repo.Root).PromQl.Where(e => Path.GetFileName(e.File) != TagDetailFile),
        .. TagDetailCatalog().PromQl,
    ];

    private PromQlCatalog TagDetailCatalog() => PromQlCatalog.FromFiles(
        Repo.Root,
        [Path.Combine(Repo.DashboardsFolder, TagDetailFile)],
        [],
        GrafanaQueryContext.LastWeek() with { VariableOverrides = TagDetailVariables() });

    private Dictionary<string, string> TagDetailVariables() => new(StringComparer.Ordinal)
    {
        ["registry"] = service.Registry.Registry,
        ["repository"] = RealServicePrometheus.IndexRepository,
        ["tag"] = RealServicePrometheus.IndexTag,
    };

    /// <summary>
    /// error.type only on failures, http.response.status_code only when an answer arrived: a request without error.type
    /// was answered 2xx; an open circuit or an unreachable server sent no answer to report.
    /// </summary>
    private static IEnumerable<string> HttpConventionProblems(PromSample sample)
    {
        if (!sample.Labels.ContainsKey("http_request_method"))
        {
            yield break;
        }

        var status = sample.Labels.GetValueOrDefault("http_response_status_code");
        var error = sample.Labels.GetValueOrDefault("error_type");
        if (error is null && status is not ['2', _, _])
        {
            yield return $"{sample}: no error.type, so the status code should be 2xx";
        }

        if (error is "circuit_open" && status is not null)
        {
            yield return $"{sample}: the circuit was open, so no answer (status code) arrived";
        }

        if (error is "not_found" && status != "404")
        {
            yield return $"{sample}: not_found should come with status 404";
        }
    }

    private HashSet<string> KnownRegistries() => [service.Registry.Registry, service.Quota.Registry, service.OfflineRegistry];

    /// <summary>The metric family of a series name: histogram series lose _bucket, _sum and _count; _created series map back to their counter or histogram.</summary>
    private static string Family(string series)
    {
        var family = ContractLabels.Keys.FirstOrDefault(f => Created(f) == series);
        if (family is not null)
        {
            return family;
        }

        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (series.EndsWith(suffix, StringComparison.Ordinal) && ContractLabels.ContainsKey(series[..^suffix.Length]))
            {
                return series[..^suffix.Length];
            }
        }

        return series;
    }

    /// <summary>The OpenMetrics _created series of a counter (<c>x_total</c> → <c>x_created</c>) or histogram (<c>x</c> → <c>x_created</c>).</summary>
    private static string Created(string family) =>
        (family.EndsWith("_total", StringComparison.Ordinal) ? family[..^"_total".Length] : family) + "_created";

    /// <summary>Retries <paramref name="done"/> every second until it holds or <see cref="Settle"/> passed; the caller asserts afterwards.</summary>
    private static async Task EventuallyAsync(Func<Task<bool>> done)
    {
        var clock = Stopwatch.StartNew();
        while (!await done() && clock.Elapsed < Settle)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        }
    }
}
