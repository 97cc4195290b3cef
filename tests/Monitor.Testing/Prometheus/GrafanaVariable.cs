using System.Text.Json;

namespace Monitor.Testing.Prometheus;

/// <summary>A dashboard template variable as saved in the JSON (<c>templating.list[]</c>).</summary>
public sealed record GrafanaVariable(
    string Name,
    string Type,
    bool Multi,
    bool IncludeAll,
    string? AllValue,
    IReadOnlyList<string> Current,
    JsonElement Definition)
{
    public const string AllMarker = "$__all";

    public static GrafanaVariable FromJson(JsonElement variable)
    {
        var name = variable.GetProperty("name").GetString() ?? throw new FormatException("A template variable has no name.");
        var type = variable.TryGetProperty("type", out var t) ? t.GetString() ?? "query" : "query";
        return new GrafanaVariable(
            name,
            type,
            Flag(variable, "multi"),
            Flag(variable, "includeAll"),
            variable.TryGetProperty("allValue", out var all) && all.ValueKind == JsonValueKind.String ? all.GetString() : null,
            CurrentValues(variable, type),
            variable.Clone());
    }

    /// <summary>The values this variable takes: an override, else the saved current value ("All" becomes allValue).</summary>
    public IReadOnlyList<string> Resolve(GrafanaQueryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.VariableOverrides.TryGetValue(Name, out var value))
        {
            return [value];
        }

        return Current.Count == 1 && Current[0] == AllMarker
            ? [AllValue ?? throw new FormatException($"Variable ${Name} is set to All but has no allValue to run with.")]
            : Current.Count > 0 ? Current : throw new FormatException($"Variable ${Name} has no current value to run with.");
    }

    /// <summary>True when the query text will receive allValue verbatim (Grafana does not quote or escape it).</summary>
    public bool IsAll(GrafanaQueryContext context) =>
        !context.VariableOverrides.ContainsKey(Name) && Current.Count == 1 && Current[0] == AllMarker;

    private static bool Flag(JsonElement variable, string name) =>
        variable.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static List<string> CurrentValues(JsonElement variable, string type)
    {
        if (variable.TryGetProperty("current", out var current) && current.TryGetProperty("value", out var value))
        {
            return value.ValueKind == JsonValueKind.Array
                ? value.EnumerateArray().Select(v => v.GetString() ?? string.Empty).ToList()
                : [value.GetString() ?? string.Empty];
        }

        return type == "constant" && variable.TryGetProperty("query", out var query) ? [query.GetString() ?? string.Empty] : [];
    }
}
