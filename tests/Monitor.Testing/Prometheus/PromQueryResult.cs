using System.Globalization;
using System.Text.Json;

namespace Monitor.Testing.Prometheus;

/// <summary>One series of a query result: its labels and its (last) value.</summary>
public sealed record PromSample(IReadOnlyDictionary<string, string> Labels, double Value)
{
    public override string ToString() =>
        "{" + string.Join(", ", Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"")) + "} "
        + Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The parsed answer of Prometheus' <c>/api/v1/query</c>: success with samples, or an error.</summary>
public sealed record PromQueryResult(
    string Status,
    string? ResultType,
    IReadOnlyList<PromSample> Samples,
    string? ErrorType,
    string? Error)
{
    public bool IsSuccess => Status == "success";

    public bool HasData => IsSuccess && Samples.Count > 0;

    public override string ToString() => IsSuccess
        ? $"{ResultType} with {Samples.Count} series" + (Samples.Count > 0 ? ": " + string.Join("; ", Samples.Take(3)) : string.Empty)
        : $"{ErrorType}: {Error}";

    /// <summary>Parses the JSON body of a query response (vector, matrix, scalar or string; matrices keep each series' last value).</summary>
    public static PromQueryResult Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var status = root.GetProperty("status").GetString() ?? "missing";
        if (status != "success")
        {
            return new PromQueryResult(status, null, [], Text(root, "errorType"), Text(root, "error"));
        }

        var data = root.GetProperty("data");
        var resultType = data.GetProperty("resultType").GetString();
        var result = data.GetProperty("result");
        var samples = resultType switch
        {
            "vector" => result.EnumerateArray().Select(s => new PromSample(Labels(s), Number(s.GetProperty("value")))).ToList(),
            "matrix" => result.EnumerateArray()
                .Select(s => new PromSample(Labels(s), s.GetProperty("values").EnumerateArray().Select(Number).LastOrDefault(double.NaN)))
                .ToList(),
            "scalar" or "string" => [new PromSample(new Dictionary<string, string>(), Number(result))],
            _ => throw new FormatException($"Unknown resultType '{resultType}'."),
        };
        return new PromQueryResult(status, resultType, samples, null, null);
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value.GetString() : null;

    private static Dictionary<string, string> Labels(JsonElement series) =>
        series.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal);

    // A sample is [unix_time, "value"]; string results carry text, which counts as NaN.
    private static double Number(JsonElement pair) =>
        double.TryParse(pair[1].GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;
}
