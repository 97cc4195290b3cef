namespace Monitor.Dashboards.Tests.Tooling;

/// <summary>promtool accepts the Prometheus configuration and rules, and the rule unit tests pass.</summary>
public sealed class PromtoolTests
{
    [Fact]
    public async Task Prometheus_config_passes_promtool_check_config()
    {
        var result = await Promtool.RunAsync("check", "config", Path.GetRelativePath(Repo.Root, Repo.PrometheusConfig));

        Assert.True(result.Succeeded, result.Describe());
        Assert.Contains("SUCCESS", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rule_files_pass_promtool_check_rules()
    {
        Assert.NotEmpty(Repo.RuleFiles);

        var result = await Promtool.RunAsync(["check", "rules", .. Promtool.Relative(Repo.RuleFiles)]);

        Assert.True(result.Succeeded, result.Describe());
    }

    [Fact]
    public async Task Config_loads_every_rule_file_through_its_rule_files_glob()
    {
        var result = await Promtool.RunAsync("check", "config", Path.GetRelativePath(Repo.Root, Repo.PrometheusConfig));

        // promtool check config also checks each rule file the config's rule_files globs match.
        foreach (var ruleFile in Repo.RuleFiles)
        {
            Assert.Contains(Path.GetFileName(ruleFile), result.StandardOutput + result.StandardError, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Alert_rule_unit_tests_pass_promtool_test_rules()
    {
        Assert.NotEmpty(Repo.RuleTestFiles);

        var result = await Promtool.RunAsync(["test", "rules", .. Promtool.Relative(Repo.RuleTestFiles)]);

        Assert.True(result.Succeeded, result.Describe());
        Assert.DoesNotContain("FAILED", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }
}
