namespace Monitor.Dashboards.Tests.Grafana;

/// <summary>The datasources <c>provisioning/datasources/datasources.yml</c> creates, by uid.</summary>
internal static class ProvisionedDatasources
{
    /// <summary>uid → plugin type.</summary>
    public static IReadOnlyDictionary<string, string> Load() =>
        Yaml.LoadFile(Repo.DatasourcesFile).Seq("datasources").Maps()
            .ToDictionary(d => d.Text("uid") ?? string.Empty, d => d.Text("type") ?? string.Empty, StringComparer.Ordinal);
}
