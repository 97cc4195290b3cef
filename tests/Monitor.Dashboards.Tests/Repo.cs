using Monitor.Testing;

namespace Monitor.Dashboards.Tests;

/// <summary>Paths of the artifacts under test, relative to the repository root.</summary>
internal static class Repo
{
    public static string Root => RepositoryRoot.Path;

    public static string PrometheusConfig => RepositoryRoot.Combine("dashboards/prometheus/prometheus.yml");

    public static string RulesFolder => RepositoryRoot.Combine("dashboards/prometheus/rules");

    public static string RuleTestsFolder => RepositoryRoot.Combine("dashboards/prometheus/tests");

    public static string DashboardsFolder => RepositoryRoot.Combine("dashboards/grafana/dashboards");

    public static string DatasourcesFile => RepositoryRoot.Combine("dashboards/grafana/provisioning/datasources/datasources.yml");

    public static string DashboardProvidersFile => RepositoryRoot.Combine("dashboards/grafana/provisioning/dashboards/dashboards.yml");

    public static string SchemaSql => RepositoryRoot.Combine("migrations/sql/monitor-idempotent.sql");

    public static string ComposeFile => RepositoryRoot.Combine("docker-compose.yml");

    public static string Dockerfile => RepositoryRoot.Combine("Dockerfile");

    public static string DockerIgnore => RepositoryRoot.Combine(".dockerignore");

    public static string[] RuleFiles => Sorted(Directory.GetFiles(RulesFolder, "*.yml"));

    public static string[] RuleTestFiles => Sorted(Directory.GetFiles(RuleTestsFolder, "*.test.yml"));

    public static string[] DashboardFiles => Sorted(Directory.GetFiles(DashboardsFolder, "*.json"));

    private static string[] Sorted(string[] files)
    {
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }
}
