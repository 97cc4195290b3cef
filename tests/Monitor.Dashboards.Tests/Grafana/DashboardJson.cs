using System.Text.Json;

namespace Monitor.Dashboards.Tests.Grafana;

/// <summary>Reads a dashboard JSON file and walks its panels, strings and datasource references.</summary>
internal sealed class DashboardJson : IDisposable
{
    private readonly JsonDocument _document;

    private DashboardJson(string file, JsonDocument document)
    {
        File = file;
        _document = document;
    }

    public string File { get; }

    public JsonElement Root => _document.RootElement;

    public string Title => Root.GetProperty("title").GetString() ?? string.Empty;

    /// <summary>Repository-relative paths of every dashboard, as theory data.</summary>
    public static TheoryData<string> Files => new(Repo.DashboardFiles.Select(f => Path.GetRelativePath(Repo.Root, f)));

    public static DashboardJson Load(string relativePath) =>
        new(relativePath, JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(Repo.Root, relativePath))));

    /// <summary>Top-level panels and those nested in rows (collapsed rows keep theirs in <c>panels</c>).</summary>
    public IEnumerable<JsonElement> Panels() => Panels(Root);

    public IEnumerable<JsonElement> QueryPanels() =>
        Panels().Where(p => p.GetProperty("type").GetString() != "row");

    /// <summary>Every string value anywhere in the document, with its JSON path.</summary>
    public IEnumerable<(string Path, string Value)> Strings() => Strings(Root, "$");

    /// <summary>Every value of a property named <c>datasource</c>, with its JSON path.</summary>
    public IEnumerable<(string Path, JsonElement Value)> DatasourceReferences() => Properties(Root, "$", "datasource");

    public IReadOnlyList<JsonElement> Variables() =>
        Root.TryGetProperty("templating", out var templating) ? templating.GetProperty("list").EnumerateArray().ToList() : [];

    public void Dispose() => _document.Dispose();

    public static string Describe(JsonElement panel) =>
        $"panel {(panel.TryGetProperty("id", out var id) ? id.ToString() : "?")} \"{(panel.TryGetProperty("title", out var t) ? t.GetString() : string.Empty)}\"";

    private static IEnumerable<JsonElement> Panels(JsonElement parent)
    {
        if (!parent.TryGetProperty("panels", out var panels))
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

    private static IEnumerable<(string, string)> Strings(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.String => [(path, element.GetString() ?? string.Empty)],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value, $"{path}.{p.Name}")),
        JsonValueKind.Array => element.EnumerateArray().SelectMany((e, i) => Strings(e, $"{path}[{i}]")),
        _ => [],
    };

    private static IEnumerable<(string, JsonElement)> Properties(JsonElement element, string path, string name) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p =>
        {
            var here = p.Name == name ? [($"{path}.{p.Name}", p.Value)] : Array.Empty<(string, JsonElement)>();
            return here.Concat(Properties(p.Value, $"{path}.{p.Name}", name));
        }),
        JsonValueKind.Array => element.EnumerateArray().SelectMany((e, i) => Properties(e, $"{path}[{i}]", name)),
        _ => [],
    };
}
