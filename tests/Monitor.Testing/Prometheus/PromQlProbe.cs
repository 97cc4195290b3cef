using System.Text;

namespace Monitor.Testing.Prometheus;

/// <summary>The answer Prometheus gave to one catalogued expression.</summary>
public sealed record PromQlProbeResult(PromQlExpression Expression, PromQueryResult Result);

/// <summary>
/// Runs catalogued PromQL expressions against any Prometheus (a test instance scraping a synthetic
/// endpoint, or one scraping the real service) and reports which failed to parse or returned nothing.
/// </summary>
public static class PromQlProbe
{
    public static async Task<PromQlProbeReport> RunAsync(
        PrometheusServer server,
        IEnumerable<PromQlExpression> expressions,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(expressions);
        var results = new List<PromQlProbeResult>();
        foreach (var expression in expressions)
        {
            results.Add(new PromQlProbeResult(expression, await server.QueryAsync(expression.Expr, cancellationToken)));
        }

        return new PromQlProbeReport(results);
    }
}

/// <summary>Results of a probe run, with failure descriptions that show the file, location, query and answer.</summary>
public sealed class PromQlProbeReport(IReadOnlyList<PromQlProbeResult> results)
{
    public IReadOnlyList<PromQlProbeResult> Results { get; } = results;

    /// <summary>Expressions Prometheus rejected (parse or execution error).</summary>
    public IReadOnlyList<PromQlProbeResult> Rejected => Results.Where(r => !r.Result.IsSuccess).ToList();

    /// <summary>Expressions that ran but returned no series.</summary>
    public IReadOnlyList<PromQlProbeResult> Empty => Results.Where(r => r.Result.IsSuccess && !r.Result.HasData).ToList();

    public static string Describe(IEnumerable<PromQlProbeResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder();
        foreach (var (expression, result) in results)
        {
            text.AppendLine($"- {expression.File} {expression.Location}")
                .AppendLine($"    query:  {expression.Expr.ReplaceLineEndings(" ")}")
                .AppendLine($"    answer: {result}");
        }

        return text.ToString();
    }
}
