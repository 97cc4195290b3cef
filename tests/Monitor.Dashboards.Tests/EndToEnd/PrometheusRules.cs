using System.Text.Json;
using Monitor.Testing.Prometheus;

namespace Monitor.Dashboards.Tests.EndToEnd;

/// <summary>The repository's rules as a running Prometheus holds them: loaded, evaluated, active alerts.</summary>
internal static class PrometheusRules
{
    /// <summary>The alerts the rule files define, as <c>name</c> or <c>name (reason)</c> (one alert name can have several rules).</summary>
    public static HashSet<string> Alerts(PromQlCatalog catalog) =>
        catalog.PromQl.Where(e => e.Origin == QueryOrigin.AlertRule).Select(e => e.Location.Split(" / ")[1]).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every rule Prometheus loaded (<c>api/v1/rules</c>), with its health and last evaluation.</summary>
    public static async Task<List<JsonElement>> LoadedAsync(PrometheusServer server, CancellationToken cancellationToken = default)
    {
        using var rules = await server.GetJsonAsync("api/v1/rules", cancellationToken);
        return rules.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("rules").EnumerateArray())
            .Select(r => r.Clone())
            .ToList();
    }

    /// <summary>Whether rules are loaded and each was evaluated at least once.</summary>
    public static async Task<bool> EvaluatedAsync(PrometheusServer server, CancellationToken cancellationToken = default)
    {
        var all = await LoadedAsync(server, cancellationToken);
        return all.Count > 0 && all.All(r => r.GetProperty("lastEvaluation").GetString() is { } at && !at.StartsWith("0001", StringComparison.Ordinal));
    }

    /// <summary>The alerts pending or firing now, named like <see cref="Alerts"/>.</summary>
    public static async Task<HashSet<string>> ActiveAsync(PrometheusServer server, CancellationToken cancellationToken = default)
    {
        using var alerts = await server.GetJsonAsync("api/v1/alerts", cancellationToken);
        return alerts.RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray().Select(Describe).ToHashSet(StringComparer.Ordinal);
    }

    private static string Describe(JsonElement alert)
    {
        var labels = alert.GetProperty("labels");
        var name = labels.GetProperty("alertname").GetString();
        return labels.TryGetProperty("reason", out var reason) ? $"{name} ({reason.GetString()})" : name!;
    }
}
