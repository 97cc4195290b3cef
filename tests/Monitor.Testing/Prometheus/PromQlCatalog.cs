using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Monitor.Testing.Prometheus;

/// <summary>
/// Every PromQL expression of the Grafana dashboards (panel targets, Prometheus variable queries) and of
/// the Prometheus rule files, and every SQL query of the PostgreSQL panels, variables and annotations,
/// with Grafana macros and variables replaced by concrete values so each can be run as is.
/// </summary>
public sealed partial class PromQlCatalog
{
    public const string DashboardsFolder = "dashboards/grafana/dashboards";
    public const string RulesFolder = "dashboards/prometheus/rules";

    private PromQlCatalog(IReadOnlyList<PromQlExpression> promQl, IReadOnlyList<SqlQuery> sql)
    {
        PromQl = promQl;
        Sql = sql;
    }

    public IReadOnlyList<PromQlExpression> PromQl { get; }

    public IReadOnlyList<SqlQuery> Sql { get; }

    /// <summary>All dashboards (<c>dashboards/grafana/dashboards/*.json</c>) and rule files (<c>dashboards/prometheus/rules/*.yml</c>).</summary>
    public static PromQlCatalog Load(string repositoryRoot, GrafanaQueryContext? context = null) =>
        FromFiles(
            repositoryRoot,
            Directory.GetFiles(Path.Combine(repositoryRoot, DashboardsFolder), "*.json").Order(StringComparer.Ordinal),
            Directory.GetFiles(Path.Combine(repositoryRoot, RulesFolder), "*.yml").Order(StringComparer.Ordinal),
            context);

    public static PromQlCatalog FromFiles(
        string repositoryRoot,
        IEnumerable<string> dashboardFiles,
        IEnumerable<string> ruleFiles,
        GrafanaQueryContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(dashboardFiles);
        ArgumentNullException.ThrowIfNull(ruleFiles);
        context ??= GrafanaQueryContext.LastWeek();
        var promQl = new List<PromQlExpression>();
        var sql = new List<SqlQuery>();
        foreach (var file in dashboardFiles)
        {
            new DashboardReader(Path.GetRelativePath(repositoryRoot, file), File.ReadAllText(file), context).Read(promQl, sql);
        }

        foreach (var file in ruleFiles)
        {
            promQl.AddRange(ReadRules(Path.GetRelativePath(repositoryRoot, file), File.ReadAllText(file)));
        }

        return new PromQlCatalog(promQl, sql);
    }

    private static IEnumerable<PromQlExpression> ReadRules(string file, string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        foreach (var group in ((YamlSequenceNode)root["groups"]).Cast<YamlMappingNode>())
        {
            var groupName = group["name"].ToString();
            foreach (var rule in ((YamlSequenceNode)group["rules"]).Cast<YamlMappingNode>())
            {
                var expr = rule["expr"].ToString();
                var isAlert = rule.Children.ContainsKey("alert");
                var name = isAlert ? rule["alert"].ToString() : rule["record"].ToString();
                var reason = rule.Children.TryGetValue("labels", out var labels)
                    && ((YamlMappingNode)labels).Children.TryGetValue("reason", out var r) ? $" ({r})" : string.Empty;
                yield return new PromQlExpression(
                    file, $"{groupName} / {name}{reason}", isAlert ? QueryOrigin.AlertRule : QueryOrigin.RecordingRule, expr, expr);
            }
        }
    }

    /// <summary><c>label_values(selector, label)</c> runs <c>selector</c>; <c>query_result(expr)</c> runs <c>expr</c>.</summary>
    internal static string? VariableExpression(string query)
    {
        var labelValues = LabelValues().Match(query);
        if (labelValues.Success)
        {
            return labelValues.Groups["selector"].Value.Trim();
        }

        var queryResult = QueryResult().Match(query);
        return queryResult.Success ? queryResult.Groups["expr"].Value.Trim() : null;
    }

    [GeneratedRegex(@"^\s*label_values\((?<selector>.+),\s*\w+\s*\)\s*$", RegexOptions.Singleline)]
    private static partial Regex LabelValues();

    [GeneratedRegex(@"^\s*query_result\((?<expr>.+)\)\s*$", RegexOptions.Singleline)]
    private static partial Regex QueryResult();

    private sealed class DashboardReader(string file, string json, GrafanaQueryContext context)
    {
        private Dictionary<string, GrafanaVariable> _variables = [];

        public void Read(List<PromQlExpression> promQl, List<SqlQuery> sql)
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            _variables = root.TryGetProperty("templating", out var templating)
                ? templating.GetProperty("list").EnumerateArray().Select(GrafanaVariable.FromJson).ToDictionary(v => v.Name)
                : [];

            foreach (var variable in _variables.Values.Where(v => v.Type == "query"))
            {
                ReadVariable(variable, promQl, sql);
            }

            if (root.TryGetProperty("annotations", out var annotations))
            {
                foreach (var annotation in annotations.GetProperty("list").EnumerateArray())
                {
                    ReadAnnotation(annotation, promQl, sql);
                }
            }

            foreach (var panel in Panels(root))
            {
                ReadPanel(panel, promQl, sql);
            }
        }

        /// <summary>Top-level panels and the panels nested in (collapsed) rows.</summary>
        private static IEnumerable<JsonElement> Panels(JsonElement root)
        {
            if (!root.TryGetProperty("panels", out var panels))
            {
                yield break;
            }

            foreach (var panel in panels.EnumerateArray())
            {
                yield return panel;
                foreach (var nested in Panels(panel))
                {
                    yield return nested;
                }
            }
        }

        private void ReadPanel(JsonElement panel, List<PromQlExpression> promQl, List<SqlQuery> sql)
        {
            if (!panel.TryGetProperty("targets", out var targets))
            {
                return;
            }

            var title = panel.TryGetProperty("title", out var t) ? t.GetString() : string.Empty;
            var id = panel.TryGetProperty("id", out var i) ? i.ToString() : "?";
            panel.TryGetProperty("datasource", out var panelDatasource);
            foreach (var target in targets.EnumerateArray())
            {
                var datasource = target.TryGetProperty("datasource", out var own) ? own : panelDatasource;
                var refId = target.TryGetProperty("refId", out var r) ? r.GetString() : "?";
                Add(DatasourceType(datasource), target, $"panel {id} \"{title}\" / {refId}", QueryOrigin.DashboardPanel, promQl, sql);
            }
        }

        private void ReadVariable(GrafanaVariable variable, List<PromQlExpression> promQl, List<SqlQuery> sql)
        {
            var definition = variable.Definition;
            var type = DatasourceType(definition.GetProperty("datasource"));
            var query = definition.GetProperty("query");
            var text = query.ValueKind == JsonValueKind.Object ? query.GetProperty("query").GetString() ?? string.Empty : query.GetString() ?? string.Empty;
            var location = $"variable ${variable.Name}";
            if (type == "prometheus")
            {
                var expression = VariableExpression(text)
                    ?? throw new FormatException($"{file} {location}: only label_values(selector, label) and query_result(expr) are supported, got '{text}'.");
                promQl.Add(new PromQlExpression(file, location, QueryOrigin.DashboardVariable, expression, Expand(expression, QueryLanguage.PromQl, location)));
            }
            else if (IsPostgres(type))
            {
                sql.Add(new SqlQuery(file, location, QueryOrigin.DashboardVariable, text, Expand(text, QueryLanguage.Sql, location)));
            }
            else
            {
                throw new FormatException($"{file} {location}: unsupported variable datasource type '{type}'.");
            }
        }

        private void ReadAnnotation(JsonElement annotation, List<PromQlExpression> promQl, List<SqlQuery> sql)
        {
            if (annotation.TryGetProperty("builtIn", out var builtIn) && builtIn.ValueKind == JsonValueKind.Number && builtIn.GetInt32() == 1)
            {
                return;
            }

            var name = annotation.TryGetProperty("name", out var n) ? n.GetString() : "?";
            var target = annotation.TryGetProperty("target", out var t) ? t : annotation;
            Add(DatasourceType(annotation.GetProperty("datasource")), target, $"annotation \"{name}\"", QueryOrigin.DashboardAnnotation, promQl, sql);
        }

        private void Add(string type, JsonElement target, string location, QueryOrigin origin, List<PromQlExpression> promQl, List<SqlQuery> sql)
        {
            if (type == "prometheus")
            {
                var expr = target.GetProperty("expr").GetString() ?? string.Empty;
                promQl.Add(new PromQlExpression(file, location, origin, expr, Expand(expr, QueryLanguage.PromQl, location)));
            }
            else if (IsPostgres(type))
            {
                var text = target.GetProperty("rawSql").GetString() ?? string.Empty;
                sql.Add(new SqlQuery(file, location, origin, text, Expand(text, QueryLanguage.Sql, location)));
            }
            else
            {
                throw new FormatException($"{file} {location}: unsupported datasource type '{type}'.");
            }
        }

        private string Expand(string text, QueryLanguage language, string location)
        {
            try
            {
                return GrafanaTemplate.Expand(text, language, _variables, context);
            }
            catch (FormatException e)
            {
                throw new FormatException($"{file} {location}: {e.Message}", e);
            }
        }

        private string DatasourceType(JsonElement datasource) =>
            datasource.ValueKind == JsonValueKind.Object && datasource.TryGetProperty("type", out var type)
                ? type.GetString() ?? string.Empty
                : throw new FormatException($"{file}: a query has no datasource {{type, uid}} reference (found {datasource.ValueKind}).");

        private static bool IsPostgres(string type) => type is "grafana-postgresql-datasource" or "postgres";
    }
}
