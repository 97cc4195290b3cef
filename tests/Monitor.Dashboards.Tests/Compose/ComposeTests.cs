using System.Text.RegularExpressions;
using Monitor.Worker.Cli;

namespace Monitor.Dashboards.Tests.Compose;

/// <summary>docker-compose.yml validates with docker-compose and has the agreed shape.</summary>
public sealed partial class ComposeTests
{
    [Fact]
    public async Task Compose_file_passes_docker_compose_config()
    {
        var result = await ComposeConfig.RunAsync(ComposeConfig.Passwords, "config", "--quiet");

        Assert.True(result.Succeeded, result.Describe());
    }

    [Fact]
    public async Task Compose_refuses_to_run_without_passwords_instead_of_using_defaults()
    {
        var noPasswords = ComposeConfig.Passwords.ToDictionary(p => p.Key, _ => (string?)null);

        var result = await ComposeConfig.RunAsync(noPasswords, "config", "--quiet");

        Assert.False(result.Succeeded, "docker-compose accepted the file with no passwords set: " + result.Describe());
        Assert.Contains("PASSWORD", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_monitor_replicas_run_the_image_without_migrating_on_start()
    {
        var config = await ComposeConfig.ResolvedAsync();

        var replicas = config.ServiceNames().Where(n => MonitorReplica().IsMatch(n)).ToList();

        Assert.Equal(["monitor-1", "monitor-2"], replicas.Order(StringComparer.Ordinal));
        foreach (var replica in replicas.Select(config.Service))
        {
            Assert.Equal("monitor:local", replica.Text("image"));
            Assert.Equal("false", replica.Environment("Database__MigrateOnStart"));
            Assert.Matches("^Host=postgres;.*Database=monitor;.*Username=monitor;.*Password=test-db-password", replica.Environment("ConnectionStrings__Monitor") ?? string.Empty);
            Assert.Equal("service_completed_successfully", replica.Map("depends_on").Map("migrator").Text("condition"));
            Assert.False(replica.Has("command"), "Replicas run the service (no verb).");
            // The limit docs/benchmarks.md measured 10,000 tags against.
            Assert.Equal("256m", replica.Text("mem_limit"));
        }
    }

    [Fact]
    public async Task Migrator_is_a_one_shot_migrate_run_of_the_same_image_once_postgres_is_healthy()
    {
        var config = await ComposeConfig.ResolvedAsync();
        var migrator = config.Service("migrator");

        Assert.Equal("monitor:local", migrator.Text("image"));
        Assert.Equal(["migrate"], migrator.Seq("command").Scalars());
        Assert.Equal("no", migrator.Text("restart"));
        Assert.Equal("service_healthy", migrator.Map("depends_on").Map("postgres").Text("condition"));
        Assert.False(migrator.Has("ports"));
    }

    [Fact]
    public async Task Postgres_keeps_data_in_a_named_volume_and_is_health_checked_with_pg_isready()
    {
        var config = await ComposeConfig.ResolvedAsync();
        var postgres = config.Service("postgres");

        Assert.Matches("^postgres:1[67]", postgres.Text("image") ?? string.Empty);
        Assert.Contains(postgres.Volumes(), v => v.Target == "/var/lib/postgresql/data" && !v.Source.StartsWith('/'));
        Assert.Contains("pg_isready", string.Join(' ', postgres.Map("healthcheck").Seq("test").Scalars()), StringComparison.Ordinal);
        Assert.Equal("monitor", postgres.Environment("POSTGRES_DB"));
        Assert.Equal("monitor", postgres.Environment("POSTGRES_USER"));
    }

    [Fact]
    public async Task Only_grafana_and_one_api_replica_publish_ports()
    {
        var config = await ComposeConfig.ResolvedAsync();

        var published = config.ServiceNames()
            .Where(n => config.Service(n).Has("ports"))
            .ToDictionary(n => n, n => config.Service(n).Seq("ports").Scalars().ToList());

        Assert.Equal(["grafana", "monitor-1"], published.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("127.0.0.1:3000:3000/tcp", Assert.Single(published["grafana"]));
        Assert.Equal("127.0.0.1:8080:8080/tcp", Assert.Single(published["monitor-1"]));
    }

    [Fact]
    public async Task Prometheus_mounts_the_repository_config_and_rules_and_scrapes_both_replicas()
    {
        var config = await ComposeConfig.ResolvedAsync();
        var volumes = config.Service("prometheus").Volumes().ToList();

        Assert.Contains((Repo.PrometheusConfig, "/etc/prometheus/prometheus.yml"), volumes);
        Assert.Contains((Repo.RulesFolder, "/etc/prometheus/rules"), volumes);

        var targets = Yaml.LoadFile(Repo.PrometheusConfig).Seq("scrape_configs").Maps()
            .SelectMany(s => s.Seq("static_configs").Maps())
            .SelectMany(s => s.Seq("targets").Scalars())
            .ToList();
        Assert.Equal(["monitor-1:8080", "monitor-2:8080"], targets.Order(StringComparer.Ordinal));
        Assert.All(targets, t => Assert.Contains(t.Split(':')[0], config.ServiceNames()));
    }

    [Fact]
    public async Task Grafana_mounts_provisioning_and_the_dashboards_folder_its_provider_reads()
    {
        var config = await ComposeConfig.ResolvedAsync();
        var grafana = config.Service("grafana");
        var volumes = grafana.Volumes().ToList();
        var providerPath = Yaml.LoadFile(Repo.DashboardProvidersFile).Seq("providers").Maps().Single().Map("options").Text("path");

        Assert.Contains((Path.GetDirectoryName(Path.GetDirectoryName(Repo.DatasourcesFile))!, "/etc/grafana/provisioning"), volumes);
        Assert.Contains((Repo.DashboardsFolder, providerPath!), volumes);
        Assert.NotNull(grafana.Environment("GF_SECURITY_ADMIN_PASSWORD"));
    }

    [Fact]
    public async Task Grafana_environment_sets_every_variable_the_datasource_provisioning_reads()
    {
        var config = await ComposeConfig.ResolvedAsync();
        var grafana = config.Service("grafana");

        var variables = EnvironmentVariableUse().Matches(File.ReadAllText(Repo.DatasourcesFile)).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.NotEmpty(variables);
        Assert.All(variables, v => Assert.False(string.IsNullOrEmpty(grafana.Environment(v)), $"grafana has no {v} in its environment."));
    }

    [Fact]
    public async Task Every_bind_mount_source_exists_in_the_repository()
    {
        var config = await ComposeConfig.ResolvedAsync();

        var missing = config.ServiceNames()
            .SelectMany(n => config.Service(n).Volumes().Where(v => v.Source.StartsWith('/')).Select(v => v.Source))
            .Where(source => !File.Exists(source) && !Directory.Exists(source))
            .ToList();

        Assert.True(missing.Count == 0, "Bind mounts of missing paths: " + string.Join(", ", missing));
    }

    [Theory]
    [InlineData("migrator")]
    [InlineData("monitor-1")]
    [InlineData("monitor-2")]
    public async Task Monitor_containers_run_on_a_read_only_root_without_capabilities_or_privilege_gain(string name)
    {
        var service = (await ComposeConfig.ResolvedAsync()).Service(name);

        Assert.Equal("true", service.Text("read_only"));
        Assert.Equal(["/tmp"], service.Seq("tmpfs").Scalars());
        Assert.Equal(["ALL"], service.Seq("cap_drop").Scalars());
        Assert.Equal(["no-new-privileges:true"], service.Seq("security_opt").Scalars());
    }

    [Theory]
    [InlineData("monitor-1")]
    [InlineData("monitor-2")]
    public async Task Replicas_are_health_checked_by_the_health_verb_against_healthz_without_a_shell(string name)
    {
        var test = (await ComposeConfig.ResolvedAsync()).Service(name).Map("healthcheck").Seq("test").Scalars().ToList();

        Assert.Equal(["CMD", "dotnet", "monitor.dll"], test[..3]);
        var parsed = MonitorCommandLine.BuildRoot(new VerbHost([])).Parse(test[3..]);
        Assert.Empty(parsed.Errors);
        Assert.Equal("health", parsed.CommandResult.Command.Name);
        var url = new Uri(test[test.IndexOf("--url") + 1]);
        Assert.Equal(("127.0.0.1", 8080, "/healthz"), (url.Host, url.Port, url.AbsolutePath));
    }

    [Fact]
    public async Task The_one_shot_migrator_has_no_health_check()
    {
        var migrator = (await ComposeConfig.ResolvedAsync()).Service("migrator");

        Assert.Equal(["NONE"], migrator.Map("healthcheck").Seq("test").Scalars());
    }

    [GeneratedRegex(@"^monitor-\d+$")]
    private static partial Regex MonitorReplica();

    [GeneratedRegex(@"\$\{([A-Z_][A-Z0-9_]*)\}")]
    private static partial Regex EnvironmentVariableUse();
}
