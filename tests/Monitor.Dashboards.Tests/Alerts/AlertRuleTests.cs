using System.Text.RegularExpressions;
using Monitor.Testing.Prometheus;
using YamlDotNet.RepresentationModel;

namespace Monitor.Dashboards.Tests.Alerts;

/// <summary>The alert rules are complete, actionable, use only contract metrics, and each is unit-tested firing and silent.</summary>
public sealed partial class AlertRuleTests
{
    private const string ImageTemplate = "{{ $labels.registry }}/{{ $labels.repository }}:{{ $labels.tag }}";

    private static readonly IReadOnlyList<AlertRule> Rules = AlertRule.LoadAll();

    [Theory]
    [InlineData("StaleBaseImage")]
    [InlineData("CadenceBroken")]
    [InlineData("TagMissing")]
    [InlineData("PollerFailing")]
    [InlineData("RegistryRateLimited")]
    public void Operations_alert_exists(string alertName) =>
        Assert.Contains(Rules, r => r.Name == alertName);

    [Fact]
    public void Every_alert_has_a_known_severity_and_a_summary_and_description()
    {
        var problems = Rules
            .Where(r => !r.Labels.TryGetValue("severity", out var severity) || severity is not ("critical" or "warning" or "info")
                        || !r.Annotations.ContainsKey("summary") || !r.Annotations.ContainsKey("description"))
            .Select(r => r.ToString())
            .ToList();

        Assert.True(problems.Count == 0, "Alerts without severity (critical|warning|info), summary or description: " + string.Join(", ", problems));
    }

    [Fact]
    public void Per_tag_alerts_name_the_image_in_summary_and_description()
    {
        var perTag = Rules.Where(r => GroupsByTag().IsMatch(r.Expr)).ToList();
        Assert.NotEmpty(perTag);

        var problems = perTag
            .Where(r => !r.Annotations["summary"].Contains(ImageTemplate, StringComparison.Ordinal)
                        || !r.Annotations["description"].Contains(ImageTemplate, StringComparison.Ordinal))
            .Select(r => r.ToString())
            .ToList();

        Assert.True(problems.Count == 0, $"Per-tag alerts must show {ImageTemplate}: " + string.Join(", ", problems));
    }

    [Fact]
    public void Operational_alerts_name_their_registry_or_watch_group()
    {
        var problems = Rules
            .Where(r => !GroupsByTag().IsMatch(r.Expr))
            .Where(r => !(r.Annotations["summary"] + r.Annotations["description"]).Contains("{{ $labels.server_address }}", StringComparison.Ordinal)
                        && !(r.Annotations["summary"] + r.Annotations["description"]).Contains("{{ $labels.group }}", StringComparison.Ordinal))
            .Select(r => r.ToString())
            .ToList();

        Assert.True(problems.Count == 0, "Alerts that name neither registry server nor group: " + string.Join(", ", problems));
    }

    [Fact]
    public void Alerts_sharing_a_name_are_told_apart_by_a_reason_label()
    {
        var clashes = Rules
            .GroupBy(r => r.Name)
            .Where(g => g.Count() > 1 && g.Select(r => r.Reason).Distinct(StringComparer.Ordinal).Count() != g.Count())
            .Select(g => g.Key)
            .ToList();

        Assert.True(clashes.Count == 0, "Same-name alerts need distinct `reason` labels: " + string.Join(", ", clashes));
    }

    [Fact]
    public void Every_alert_has_a_for_duration_so_one_bad_scrape_does_not_page()
    {
        Assert.All(Rules, r => Assert.False(string.IsNullOrEmpty(r.For), $"{r} has no `for`."));
    }

    [Fact]
    public void Rule_expressions_use_only_metrics_from_the_contract()
    {
        var contract = MetricsContract.Load(Repo.Root);

        var unknown = Rules
            .SelectMany(r => PromQlMetricNames.Extract(r.Expr).Where(m => !contract.Defines(m)).Select(m => $"{r}: {m}"))
            .ToList();

        Assert.True(unknown.Count == 0, "Metric names not in docs/metrics.md:\n" + string.Join("\n", unknown));
    }

    [Fact]
    public void Every_alert_rule_is_unit_tested_both_firing_and_silent()
    {
        var cases = RuleTestCases().ToList();
        var problems = new List<string>();
        foreach (var rule in Rules)
        {
            var tested = cases.Where(c => c.AlertName == rule.Name).ToList();
            if (!tested.Any(c => c.ExpectedAlerts.Count == 0))
            {
                problems.Add($"{rule}: no case expecting it silent (exp_alerts: [])");
            }

            if (!tested.Any(c => c.ExpectedAlerts.Any(labels => rule.Reason.Length == 0 || labels.GetValueOrDefault("reason") == rule.Reason)))
            {
                problems.Add($"{rule}: no case expecting it to fire");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Rule_tests_load_the_rule_files_from_the_rules_folder()
    {
        foreach (var testFile in Repo.RuleTestFiles)
        {
            var ruleFiles = Yaml.LoadFile(testFile).Seq("rule_files").Scalars()
                .Select(f => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(testFile)!, f)))
                .ToList();

            Assert.Equal(Repo.RuleFiles.Select(Path.GetFullPath).Order(StringComparer.Ordinal), ruleFiles.Order(StringComparer.Ordinal));
        }
    }

    private static IEnumerable<(string AlertName, IReadOnlyList<Dictionary<string, string>> ExpectedAlerts)> RuleTestCases()
    {
        foreach (var file in Repo.RuleTestFiles)
        {
            foreach (var test in Yaml.LoadFile(file).Seq("tests").Maps().Where(t => t.Has("alert_rule_test")))
            {
                foreach (var check in test.Seq("alert_rule_test").Maps())
                {
                    var expected = check.Has("exp_alerts")
                        ? check.Seq("exp_alerts").Maps()
                            .Select(a => a.Has("exp_labels")
                                ? a.Map("exp_labels").Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value!)
                                : [])
                            .ToList()
                        : [];
                    yield return (check.Text("alertname") ?? string.Empty, expected);
                }
            }
        }
    }

    [GeneratedRegex(@"by\s*\([^)]*\btag\b[^)]*\)")]
    private static partial Regex GroupsByTag();
}
