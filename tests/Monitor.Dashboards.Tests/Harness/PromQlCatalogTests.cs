using System.Text.Json;
using Monitor.Dashboards.Tests.Grafana;
using Monitor.Testing.Prometheus;

namespace Monitor.Dashboards.Tests.Harness;

/// <summary>The catalog finds every query of every dashboard and rule file, and each is runnable text.</summary>
public sealed class PromQlCatalogTests
{
    private static readonly PromQlCatalog Catalog = PromQlCatalog.Load(Repo.Root);

    [Fact]
    public void Catalogs_every_panel_target_of_every_dashboard()
    {
        var targets = 0;
        foreach (var file in Repo.DashboardFiles)
        {
            using var dashboard = DashboardJson.Load(Path.GetRelativePath(Repo.Root, file));
            targets += dashboard.QueryPanels().Sum(p => p.GetProperty("targets").GetArrayLength());
        }

        var catalogued = Catalog.PromQl.Count(e => e.Origin == QueryOrigin.DashboardPanel) + Catalog.Sql.Count(q => q.Origin == QueryOrigin.DashboardPanel);
        Assert.Equal(targets, catalogued);
    }

    [Fact]
    public void Catalogs_every_rule_and_every_query_variable_and_annotation()
    {
        var rules = Repo.RuleFiles.Sum(f => Yaml.LoadFile(f).Seq("groups").Maps().Sum(g => g.Seq("rules").Children.Count));
        var variables = 0;
        var annotations = 0;
        foreach (var file in Repo.DashboardFiles)
        {
            using var dashboard = DashboardJson.Load(Path.GetRelativePath(Repo.Root, file));
            variables += dashboard.Variables().Count(v => v.GetProperty("type").GetString() == "query");
            annotations += dashboard.Root.GetProperty("annotations").GetProperty("list").EnumerateArray()
                .Count(a => !a.TryGetProperty("builtIn", out var b) || b.ValueKind != JsonValueKind.Number);
        }

        Assert.Equal(rules, Catalog.PromQl.Count(e => e.Origin is QueryOrigin.AlertRule or QueryOrigin.RecordingRule));
        Assert.Equal(variables, Catalog.PromQl.Count(e => e.Origin == QueryOrigin.DashboardVariable) + Catalog.Sql.Count(q => q.Origin == QueryOrigin.DashboardVariable));
        Assert.Equal(annotations, Catalog.PromQl.Count(e => e.Origin == QueryOrigin.DashboardAnnotation) + Catalog.Sql.Count(q => q.Origin == QueryOrigin.DashboardAnnotation));
    }

    [Fact]
    public void Expanded_queries_contain_no_Grafana_syntax()
    {
        var leftovers = Catalog.PromQl.Select(e => (e.ToString(), Text: e.Expr))
            .Concat(Catalog.Sql.Select(q => (q.ToString(), Text: q.Sql)))
            .Where(q => q.Text.Contains("$__", StringComparison.Ordinal) || q.Text.Contains("[[", StringComparison.Ordinal)
                        || System.Text.RegularExpressions.Regex.IsMatch(q.Text, @"\$\{?[A-Za-z_]"))
            .Select(q => q.Item1)
            .ToList();

        Assert.True(leftovers.Count == 0, string.Join("\n", leftovers));
    }

    [Fact]
    public void Lists_what_it_found()
    {
        var listing = string.Join("\n", Catalog.PromQl.Select(e => $"promql {e}").Concat(Catalog.Sql.Select(q => $"sql    {q}")));
        TestContext.Current.SendDiagnosticMessage($"{Catalog.PromQl.Count} PromQL expressions, {Catalog.Sql.Count} SQL queries:\n{listing}");

        Assert.NotEmpty(Catalog.PromQl);
        Assert.NotEmpty(Catalog.Sql);
    }
}
