using System.Text.RegularExpressions;

namespace Monitor.Testing.Prometheus;

/// <summary>
/// Extracts the vector selectors of a PromQL expression (metric name with its label matchers, as written, without
/// range or offset), so each can be run on its own: an expression can return data through a fallback
/// (<c>or vector(0)</c>, <c>or x * 0</c>) although one of its selectors matches nothing. Not a full parser, like
/// <see cref="PromQlMetricNames"/>: string literals, grouping clauses and range brackets are skipped, and
/// identifiers that are neither calls nor keywords are metric names.
/// </summary>
public static partial class PromQlSelectors
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless",
        "offset", "inf", "nan",
    };

    public static IReadOnlyList<string> Extract(string promql)
    {
        ArgumentNullException.ThrowIfNull(promql);
        var selectors = new List<string>();
        foreach (Match match in Token().Matches(promql))
        {
            var name = match.Groups["name"];
            if (name.Success && !match.Groups["call"].Success && !Keywords.Contains(name.Value))
            {
                var selector = name.Value + match.Groups["matchers"].Value.Trim();
                if (!selectors.Contains(selector))
                {
                    selectors.Add(selector);
                }
            }
        }

        return selectors;
    }

    // Alternatives consumed whole, so nothing inside them is taken for a name: string literals, grouping clauses,
    // range brackets; then an identifier with its optional label matchers, or a call: an identifier followed by '(',
    // aggregations also by 'by (...) ('.
    [GeneratedRegex(
        "\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`"
        + @"|\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)"
        + @"|\[[^\[\]]*\]"
        + @"|(?<![\w:.])(?<name>[A-Za-z_:][\w:]*)(?<matchers>\s*\{(?:""(?:[^""\\]|\\.)*""|'(?:[^'\\]|\\.)*'|[^{}""'])*\})?(?<call>\s*(?:\b(?:by|without)\s*\([^()]*\)\s*)?\()?",
        RegexOptions.IgnoreCase)]
    private static partial Regex Token();
}
