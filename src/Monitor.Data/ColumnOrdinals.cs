using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Monitor.Data;

/// <summary>
/// Where a query's columns stand, looked up by name once per query: rows are read by column, not by position. The
/// enum names the columns (<c>WatchGroup</c> is <c>watch_group</c>, the snake_case the schema uses).
/// </summary>
internal sealed class ColumnOrdinals<TColumn>
    where TColumn : struct, Enum
{
    private static readonly string[] Names = [.. Enum.GetNames<TColumn>().Select(JsonNamingPolicy.SnakeCaseLower.ConvertName)];

    private readonly int[] ordinals;

    public ColumnOrdinals(DbDataReader reader)
    {
        var byName = new Dictionary<string, int>(reader.FieldCount, StringComparer.Ordinal);
        for (var i = reader.FieldCount - 1; i >= 0; i--)
        {
            byName[reader.GetName(i)] = i;
        }

        ordinals = [.. Names.Select(name => byName.GetValueOrDefault(name, -1))];
    }

    /// <summary>Every column, comma-separated, in the enum's order: a select list.</summary>
    public static string SelectList { get; } = string.Join(", ", Names);

    /// <summary>The column's position in this query's rows; −1 when the query does not select it.</summary>
    public int this[TColumn column] => ordinals[Unsafe.As<TColumn, int>(ref column)];

    public bool Has(TColumn column) => this[column] >= 0;
}
