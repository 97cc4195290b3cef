using System.Text.RegularExpressions;

namespace Monitor.Dashboards.Tests.Grafana;

/// <summary>
/// Tables of schema <c>monitor</c> as created by <c>migrations/sql/monitor-idempotent.sql</c>, and the
/// tables a dashboard query reads (FROM/JOIN targets that are neither CTEs nor set-returning functions).
/// </summary>
internal static partial class SqlSchema
{
    private static readonly Lazy<IReadOnlySet<string>> Known = new(() =>
        CreateTable().Matches(File.ReadAllText(Repo.SchemaSql)).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal));

    public static IReadOnlySet<string> Tables => Known.Value;

    /// <summary>Relations read by <paramref name="sql"/>, as written (e.g. <c>monitor.tag_revision</c>).</summary>
    public static IReadOnlySet<string> ReferencedRelations(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var text = LineComment().Replace(sql, " ");
        var ctes = CteName().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var relations = FromOrJoin().Matches(text)
            .Where(m => !m.Groups["call"].Success && !ctes.Contains(m.Groups["name"].Value))
            .Select(m => m.Groups["name"].Value);
        var qualified = Qualified().Matches(text).Select(m => m.Value);
        return relations.Concat(qualified).ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"CREATE TABLE (?:IF NOT EXISTS )?monitor\.(\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex CreateTable();

    [GeneratedRegex("--[^\n]*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"(?:\bWITH|,)\s*([A-Za-z_]\w*)\s+AS\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex CteName();

    [GeneratedRegex(@"\b(?:FROM|JOIN)\s+(?<name>[A-Za-z_][\w.]*)(?<call>\s*\()?", RegexOptions.IgnoreCase)]
    private static partial Regex FromOrJoin();

    [GeneratedRegex(@"\bmonitor\.\w+", RegexOptions.IgnoreCase)]
    private static partial Regex Qualified();
}
