using Monitor.Data.Processes;
using Monitor.Testing.Tools;
using YamlDotNet.RepresentationModel;

namespace Monitor.Dashboards.Tests.Compose;

/// <summary>
/// Runs <c>docker-compose config</c> on the repository's docker-compose.yml (no Docker engine needed)
/// with test passwords, so assertions see the model Compose resolves (anchors merged, defaults filled).
/// </summary>
internal static class ComposeConfig
{
    public static readonly IReadOnlyDictionary<string, string?> Passwords = new Dictionary<string, string?>
    {
        ["MONITOR_DB_PASSWORD"] = "test-db-password",
        ["GRAFANA_DB_PASSWORD"] = "test-reader-password",
        ["GRAFANA_ADMIN_PASSWORD"] = "test-admin-password",
        ["MONITOR_PUBLISH_ADDRESS"] = null,
    };

    private static readonly Lazy<Task<YamlMappingNode>> Resolved = new(async () =>
    {
        var result = await RunAsync(Passwords, "config");
        Assert.True(result.Succeeded, result.Describe());
        return Yaml.Load(result.StandardOutput);
    });

    public static Task<YamlMappingNode> ResolvedAsync() => Resolved.Value;

    /// <summary>Runs docker-compose with an empty env file (a developer's .env must not leak in) and the given variables.</summary>
    public static async Task<ProcessResult> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var compose = ExternalTool.Require(
            "docker-compose", "MONITOR_DOCKER_COMPOSE_BIN", "apt-get install docker-compose (Debian/Ubuntu), or set $MONITOR_DOCKER_COMPOSE_BIN");
        var emptyEnvFile = Path.GetTempFileName();
        try
        {
            return await ExternalTool.RunAsync(
                compose,
                ["--env-file", emptyEnvFile, "--file", Repo.ComposeFile, .. arguments],
                Repo.Root,
                TimeSpan.FromMinutes(1),
                environment);
        }
        finally
        {
            File.Delete(emptyEnvFile);
        }
    }

    public static YamlMappingNode Service(this YamlMappingNode config, string name) => config.Map("services").Map(name);

    public static IEnumerable<string> ServiceNames(this YamlMappingNode config) =>
        config.Map("services").Children.Keys.Select(k => ((YamlScalarNode)k).Value ?? string.Empty);

    /// <summary>Volume entries as (source, target) from the resolved short form <c>source:target:mode</c>.</summary>
    public static IEnumerable<(string Source, string Target)> Volumes(this YamlMappingNode service) =>
        service.Has("volumes")
            ? service.Seq("volumes").Scalars().Select(v => v.Split(':')).Select(p => (p[0], p[1]))
            : [];

    public static string? Environment(this YamlMappingNode service, string name) =>
        service.Has("environment") ? service.Map("environment").Text(name) : null;
}
