using System.Text.RegularExpressions;

namespace Monitor.Dashboards.Tests.Grafana;

/// <summary>The provisioning files create the datasources the dashboards expect, without secrets in the repository.</summary>
public sealed partial class ProvisioningTests
{
    [Fact]
    public void Prometheus_datasource_has_uid_prometheus_and_points_at_the_compose_service()
    {
        var prometheus = Datasource("prometheus");

        Assert.Equal("prometheus", prometheus.Text("type"));
        Assert.Equal("http://prometheus:9090", prometheus.Text("url"));
    }

    [Fact]
    public void PostgreSQL_datasource_reads_database_monitor_with_credentials_from_the_environment()
    {
        var postgres = Datasource("monitor-postgres");

        Assert.Equal("grafana-postgresql-datasource", postgres.Text("type"));
        Assert.Equal("monitor", postgres.Map("jsonData").Text("database"));
        Assert.Matches(EnvironmentReference(), postgres.Text("user") ?? string.Empty);
        Assert.Matches(EnvironmentReference(), postgres.Map("secureJsonData").Text("password") ?? string.Empty);
        Assert.Matches(EnvironmentReference(), postgres.Text("url") ?? string.Empty);
    }

    [Fact]
    public void Dashboard_provider_loads_json_files_into_a_monitor_folder()
    {
        var provider = Assert.Single(Yaml.LoadFile(Repo.DashboardProvidersFile).Seq("providers").Maps());

        Assert.Equal("file", provider.Text("type"));
        Assert.Equal("Monitor", provider.Text("folder"));
        Assert.StartsWith("/", provider.Map("options").Text("path"), StringComparison.Ordinal);
    }

    private static YamlDotNet.RepresentationModel.YamlMappingNode Datasource(string uid) =>
        Assert.Single(Yaml.LoadFile(Repo.DatasourcesFile).Seq("datasources").Maps(), d => d.Text("uid") == uid);

    [GeneratedRegex(@"^\$\{?[A-Z_][A-Z0-9_]*\}?$")]
    private static partial Regex EnvironmentReference();
}
