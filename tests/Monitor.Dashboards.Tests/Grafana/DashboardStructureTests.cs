using System.Text.Json;
using System.Text.RegularExpressions;
using Monitor.Testing.Prometheus;

namespace Monitor.Dashboards.Tests.Grafana;

/// <summary>Each dashboard JSON is valid for provisioning and only refers to things that exist.</summary>
public sealed partial class DashboardStructureTests
{
    /// <summary>Grafana's global variables and macros (the <c>__</c> prefix is reserved for them).</summary>
    private static readonly HashSet<string> BuiltIns = new(StringComparer.Ordinal)
    {
        "__all", "__data", "__field", "__series", "__value", "__url_time_range", "__dashboard", "__org", "__user",
        "__from", "__to", "__interval", "__interval_ms", "__rate_interval", "__range", "__range_s", "__range_ms",
        "__timeFilter", "__timeFrom", "__timeTo", "__unixEpochFilter", "__timeGroup", "__timeGroupAlias",
    };

    public static TheoryData<string> Files => DashboardJson.Files;

    [Fact]
    public void The_four_operations_dashboards_exist_with_unique_uids()
    {
        var dashboards = Repo.DashboardFiles.Select(f => DashboardJson.Load(Path.GetRelativePath(Repo.Root, f))).ToList();
        try
        {
            Assert.Equal(
                ["Fleet freshness", "Poller health", "Tag detail", "Vendor cadence"],
                dashboards.Select(d => d.Title).Order(StringComparer.Ordinal));
            var uids = dashboards.Select(d => d.Root.GetProperty("uid").GetString()).ToList();
            Assert.Equal(uids.Count, uids.Distinct(StringComparer.Ordinal).Count());
        }
        finally
        {
            dashboards.ForEach(d => d.Dispose());
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Is_a_provisionable_dashboard(string file)
    {
        using var dashboard = DashboardJson.Load(file);
        var root = dashboard.Root;

        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("uid").GetString()));
        Assert.True(root.GetProperty("uid").GetString()!.Length <= 40, "Grafana uids are at most 40 characters.");
        Assert.False(string.IsNullOrWhiteSpace(dashboard.Title));
        Assert.InRange(root.GetProperty("schemaVersion").GetInt32(), 36, 41);
        Assert.True(!root.TryGetProperty("id", out var id) || id.ValueKind == JsonValueKind.Null, "A provisioned dashboard must not carry a database id.");
        Assert.Contains("monitor", root.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.NotEmpty(dashboard.QueryPanels());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Panel_ids_are_unique_including_panels_nested_in_rows(string file)
    {
        using var dashboard = DashboardJson.Load(file);

        var ids = dashboard.Panels().Select(p => p.GetProperty("id").GetInt32()).ToList();

        var duplicates = ids.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, $"{file}: duplicate panel ids {string.Join(", ", duplicates)}");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Panels_lie_on_the_24_column_grid_without_overlapping(string file)
    {
        using var dashboard = DashboardJson.Load(file);
        var boxes = dashboard.Panels().Select(p => (Panel: DashboardJson.Describe(p), Grid: p.GetProperty("gridPos"))).ToList();

        foreach (var (panel, grid) in boxes)
        {
            Assert.True(grid.GetProperty("x").GetInt32() >= 0 && grid.GetProperty("x").GetInt32() + grid.GetProperty("w").GetInt32() <= 24, $"{file} {panel} leaves the grid.");
            Assert.True(grid.GetProperty("h").GetInt32() > 0, $"{file} {panel} has no height.");
        }

        var overlaps = boxes.SelectMany((a, i) => boxes.Skip(i + 1).Where(b => Overlap(a.Grid, b.Grid)).Select(b => $"{a.Panel} / {b.Panel}")).ToList();
        Assert.True(overlaps.Count == 0, $"{file}: overlapping panels: {string.Join("; ", overlaps)}");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_panel_queries_a_datasource_with_distinct_ref_ids(string file)
    {
        using var dashboard = DashboardJson.Load(file);

        foreach (var panel in dashboard.QueryPanels())
        {
            Assert.True(panel.TryGetProperty("datasource", out _), $"{file} {DashboardJson.Describe(panel)} has no datasource.");
            var refIds = panel.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("refId").GetString()).ToList();
            Assert.NotEmpty(refIds);
            Assert.Equal(refIds.Count, refIds.Distinct(StringComparer.Ordinal).Count());
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Datasource_references_use_the_provisioned_uids_and_types(string file)
    {
        using var dashboard = DashboardJson.Load(file);
        var provisioned = ProvisionedDatasources.Load();
        var problems = new List<string>();

        foreach (var (path, reference) in dashboard.DatasourceReferences())
        {
            if (reference.ValueKind != JsonValueKind.Object || !reference.TryGetProperty("uid", out var uid) || !reference.TryGetProperty("type", out var type))
            {
                problems.Add($"{path}: not a {{type, uid}} object ({reference.GetRawText()})");
            }
            else if (type.GetString() == "grafana" && uid.GetString() == "-- Grafana --")
            {
                // Grafana's own annotations and alerts
            }
            else if (!provisioned.TryGetValue(uid.GetString()!, out var provisionedType))
            {
                problems.Add($"{path}: uid '{uid.GetString()}' is not provisioned ({string.Join(", ", provisioned.Keys)})");
            }
            else if (provisionedType != type.GetString())
            {
                problems.Add($"{path}: type '{type.GetString()}' but uid '{uid.GetString()}' is provisioned as '{provisionedType}'");
            }
        }

        Assert.True(problems.Count == 0, $"{file}:\n" + string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_variable_used_is_defined(string file)
    {
        using var dashboard = DashboardJson.Load(file);
        var defined = dashboard.Variables().Select(v => v.GetProperty("name").GetString()!).ToHashSet(StringComparer.Ordinal);

        var undefined = dashboard.Strings()
            .SelectMany(s => VariableUse().Matches(s.Value).Select(m => (s.Path, Name: m.Groups.Values.Skip(1).First(g => g.Success).Value)))
            .Where(u => !defined.Contains(u.Name) && !BuiltIns.Contains(u.Name))
            .Select(u => $"{u.Path}: ${u.Name}")
            .ToList();

        Assert.True(undefined.Count == 0, $"{file} uses undefined variables:\n" + string.Join("\n", undefined));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_variable_has_a_current_value_to_start_with(string file)
    {
        using var dashboard = DashboardJson.Load(file);

        foreach (var variable in dashboard.Variables())
        {
            Assert.True(variable.TryGetProperty("current", out var current) && current.TryGetProperty("value", out _),
                $"{file}: variable {variable.GetProperty("name").GetString()} has no current value.");
            if (variable.TryGetProperty("includeAll", out var includeAll) && includeAll.GetBoolean())
            {
                Assert.True(variable.TryGetProperty("allValue", out var allValue) && allValue.GetString() is { Length: > 0 },
                    $"{file}: variable {variable.GetProperty("name").GetString()} includes All but sets no allValue (Grafana would send every value).");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void PromQL_uses_only_metrics_from_the_contract(string file)
    {
        var contract = MetricsContract.Load(Repo.Root);
        var catalog = PromQlCatalog.FromFiles(Repo.Root, [Path.Combine(Repo.Root, file)], []);

        var unknown = catalog.PromQl
            .SelectMany(e => PromQlMetricNames.Extract(e.Expr).Where(m => !contract.Defines(m)).Select(m => $"{e.Location}: {m}"))
            .ToList();

        Assert.True(unknown.Count == 0, $"{file} uses metrics missing from docs/metrics.md:\n" + string.Join("\n", unknown));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void SQL_reads_only_tables_of_the_monitor_schema(string file)
    {
        var catalog = PromQlCatalog.FromFiles(Repo.Root, [Path.Combine(Repo.Root, file)], []);
        Assert.NotEmpty(SqlSchema.Tables);

        var problems = catalog.Sql
            .SelectMany(q => SqlSchema.ReferencedRelations(q.Template)
                .Where(r => !r.StartsWith("monitor.", StringComparison.Ordinal) || !SqlSchema.Tables.Contains(r["monitor.".Length..]))
                .Select(r => $"{q.Location}: {r}"))
            .ToList();

        Assert.True(problems.Count == 0,
            $"{file}: relations that are not monitor.<table> of migrations/sql/monitor-idempotent.sql ({string.Join(", ", SqlSchema.Tables.Order(StringComparer.Ordinal))}):\n"
            + string.Join("\n", problems));
    }

    private static bool Overlap(JsonElement a, JsonElement b)
    {
        static (int X, int Y, int W, int H) Box(JsonElement g) =>
            (g.GetProperty("x").GetInt32(), g.GetProperty("y").GetInt32(), g.GetProperty("w").GetInt32(), g.GetProperty("h").GetInt32());
        var (ax, ay, aw, ah) = Box(a);
        var (bx, by, bw, bh) = Box(b);
        return ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah;
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][\w]*)[^}]*\}|\$([A-Za-z_]\w*)|\[\[([A-Za-z_]\w*)\]\]")]
    private static partial Regex VariableUse();
}
