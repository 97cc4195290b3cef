using System.Text.RegularExpressions;

namespace Monitor.Testing.Prometheus;

/// <summary>
/// Extracts the metric names a PromQL expression selects. Not a full parser: it removes string
/// literals, label matchers, range brackets and grouping clauses, then keeps identifiers that are
/// neither functions/aggregations (followed by '(') nor keywords.
/// </summary>
public static partial class PromQlMetricNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless",
        "offset", "inf", "nan",
    };

    public static IReadOnlySet<string> Extract(string promql)
    {
        ArgumentNullException.ThrowIfNull(promql);
        var text = StringLiteral().Replace(promql, "\"\"");
        text = LabelMatchers().Replace(text, string.Empty);
        text = RangeBrackets().Replace(text, string.Empty);
        text = GroupingClause().Replace(text, " ");
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match match in Identifier().Matches(text))
        {
            var name = match.Groups["name"].Value;
            if (!match.Groups["call"].Success && !Keywords.Contains(name))
            {
                names.Add(name);
            }
        }

        return names;
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\[[^\[\]]*\]")]
    private static partial Regex RangeBrackets();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex GroupingClause();

    [GeneratedRegex(@"(?<![\w:.])(?<name>[A-Za-z_:][\w:]*)(?<call>\s*\()?")]
    private static partial Regex Identifier();
}
