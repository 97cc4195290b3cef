using System.Globalization;
using System.Text.RegularExpressions;

namespace Monitor.Testing.Prometheus;

/// <summary>
/// Replaces Grafana's macros and template variables in a query with concrete values, the way Grafana
/// does before sending it: <c>$__timeFilter(col)</c>, <c>$__timeFrom()</c>, <c>$__timeTo()</c>,
/// <c>$__unixEpochFilter(col)</c>, <c>$__timeGroup(col, '1h')</c>, <c>$__interval</c>, <c>$__rate_interval</c>,
/// <c>$__range</c>, <c>$var</c>, <c>${var}</c>, <c>${var:format}</c>, <c>[[var]]</c>.
/// Anything left unresolved throws <see cref="FormatException"/> (an undefined variable is a dashboard bug).
/// </summary>
public static partial class GrafanaTemplate
{
    public static string Expand(
        string query,
        QueryLanguage language,
        IReadOnlyDictionary<string, GrafanaVariable> variables,
        GrafanaQueryContext context)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(context);
        var text = language == QueryLanguage.Sql ? ExpandSqlMacros(query, context) : query;
        text = BuiltIn().Replace(text, m => BuiltInValue(m.Groups["name"].Value, context));
        text = Variable().Replace(text, m =>
        {
            var name = FirstGroup(m, "braced", "plain", "legacy");
            return variables.TryGetValue(name, out var variable)
                ? Format(variable, m.Groups["format"].Success ? m.Groups["format"].Value : null, language, context)
                : throw new FormatException($"${name} is used but the dashboard defines no variable '{name}'.");
        });
        var leftover = Leftover().Match(text);
        return leftover.Success
            ? throw new FormatException($"Unresolved Grafana macro or variable '{leftover.Value}' in: {query}")
            : text;
    }

    private static string ExpandSqlMacros(string sql, GrafanaQueryContext context)
    {
        var from = Timestamp(context.From);
        var to = Timestamp(context.To);
        var fromEpoch = context.From.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var toEpoch = context.To.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return SqlMacro().Replace(sql, m =>
        {
            var args = m.Groups["args"].Value.Split(',', StringSplitOptions.TrimEntries);
            return m.Groups["name"].Value switch
            {
                "timeFilter" => $"{args[0]} BETWEEN {from} AND {to}",
                "timeFrom" => from,
                "timeTo" => to,
                "unixEpochFilter" => $"{args[0]} >= {fromEpoch} AND {args[0]} <= {toEpoch}",
                "unixEpochFrom" => fromEpoch,
                "unixEpochTo" => toEpoch,
                "timeGroup" => TimeGroup(args),
                "timeGroupAlias" => TimeGroup(args) + " AS \"time\"",
                var other => throw new FormatException($"Unsupported SQL macro $__{other}(...)."),
            };
        });
    }

    private static string TimeGroup(string[] args)
    {
        var seconds = ((long)Duration(args[1].Trim('\'')).TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return $"floor(extract(epoch from {args[0]})/{seconds})*{seconds}";
    }

    private static string BuiltInValue(string name, GrafanaQueryContext context)
    {
        var range = context.Range;
        return name switch
        {
            "__interval" => context.Interval,
            "__interval_ms" => ((long)Duration(context.Interval).TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            "__rate_interval" => context.RateInterval,
            "__range" => ((long)range.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s",
            "__range_s" => ((long)range.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            "__range_ms" => ((long)range.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            "__from" => context.From.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            "__to" => context.To.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            _ => throw new FormatException($"Unsupported Grafana built-in variable ${name}."),
        };
    }

    private static string Format(GrafanaVariable variable, string? format, QueryLanguage language, GrafanaQueryContext context)
    {
        var values = variable.Resolve(context);
        if (variable.IsAll(context) && format is null)
        {
            return values[0]; // Grafana inserts allValue verbatim
        }

        var listed = variable.Multi || variable.IncludeAll;
        return (format, language) switch
        {
            ("raw", _) or ("text", _) => string.Join(",", values),
            ("csv", _) => string.Join(",", values),
            ("pipe", _) => string.Join("|", values),
            ("regex", _) => values.Count == 1 ? Regex.Escape(values[0]) : "(" + string.Join("|", values.Select(Regex.Escape)) + ")",
            ("singlequote", _) or ("sqlstring", _) => string.Join(",", values.Select(Quote)),
            (null, QueryLanguage.PromQl) => values.Count == 1 ? values[0] : "(" + string.Join("|", values) + ")",
            (null, QueryLanguage.Sql) => listed ? string.Join(",", values.Select(Quote)) : values[0].Replace("'", "''", StringComparison.Ordinal),
            _ => throw new FormatException($"Unsupported variable format ${{{variable.Name}:{format}}}."),
        };
    }

    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Timestamp(DateTimeOffset time) =>
        "'" + time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) + "'";

    /// <summary>Parses Grafana/Prometheus durations: 30s, 5m, 1h, 1d, 1w.</summary>
    public static TimeSpan Duration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = DurationText().Match(text);
        if (!match.Success)
        {
            throw new FormatException($"'{text}' is not a duration like 30s, 5m, 1h, 1d, 1w.");
        }

        var amount = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(amount),
            "s" => TimeSpan.FromSeconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount),
            "d" => TimeSpan.FromDays(amount),
            _ => TimeSpan.FromDays(amount * 7),
        };
    }

    private static string FirstGroup(Match match, params string[] names) =>
        names.Select(n => match.Groups[n]).First(g => g.Success).Value;

    [GeneratedRegex(@"\$__(?<name>timeFilter|timeFrom|timeTo|unixEpochFilter|unixEpochFrom|unixEpochTo|timeGroupAlias|timeGroup|\w+)\((?<args>[^()]*)\)")]
    private static partial Regex SqlMacro();

    [GeneratedRegex(@"\$\{(?<name>__\w+)\}|\$(?<name>__\w+)")]
    private static partial Regex BuiltIn();

    [GeneratedRegex(@"\$\{(?<braced>[A-Za-z_]\w*)(?::(?<format>\w+))?\}|\$(?<plain>[A-Za-z_]\w*)|\[\[(?<legacy>[A-Za-z_]\w*)\]\]")]
    private static partial Regex Variable();

    [GeneratedRegex(@"\$\{?[A-Za-z_]\w*|\[\[\w+\]\]")]
    private static partial Regex Leftover();

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$")]
    private static partial Regex DurationText();
}
