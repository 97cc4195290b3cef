using YamlDotNet.RepresentationModel;

namespace Monitor.Dashboards.Tests.Alerts;

/// <summary>One alerting rule of a rule file.</summary>
internal sealed record AlertRule(
    string File,
    string Group,
    string Name,
    string Expr,
    string? For,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations)
{
    public string Reason => Labels.TryGetValue("reason", out var reason) ? reason : string.Empty;

    public override string ToString() => $"{Path.GetFileName(File)} {Group}/{Name}{(Reason.Length > 0 ? $" ({Reason})" : string.Empty)}";

    public static IReadOnlyList<AlertRule> LoadAll() => Repo.RuleFiles.SelectMany(Load).ToList();

    private static IEnumerable<AlertRule> Load(string file)
    {
        foreach (var group in Yaml.LoadFile(file).Seq("groups").Maps())
        {
            foreach (var rule in group.Seq("rules").Maps().Where(r => r.Has("alert")))
            {
                yield return new AlertRule(
                    file,
                    group.Text("name") ?? string.Empty,
                    rule.Text("alert") ?? string.Empty,
                    rule.Text("expr") ?? string.Empty,
                    rule.Text("for"),
                    Strings(rule, "labels"),
                    Strings(rule, "annotations"));
            }
        }
    }

    private static Dictionary<string, string> Strings(YamlMappingNode rule, string key) =>
        rule.Has(key)
            ? rule.Map(key).Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value ?? string.Empty, c => ((YamlScalarNode)c.Value).Value ?? string.Empty)
            : [];
}
