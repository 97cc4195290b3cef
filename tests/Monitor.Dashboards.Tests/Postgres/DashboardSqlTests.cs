using Monitor.Testing.Prometheus;
using Npgsql;

namespace Monitor.Dashboards.Tests.Postgres;

/// <summary>
/// Every SQL query of the dashboards runs on the real schema as the read-only Grafana role, returns rows
/// for a known history, and counts rebuild events the way the design defines them.
/// </summary>
public sealed class DashboardSqlTests(MonitorSchemaDatabase database) : IClassFixture<MonitorSchemaDatabase>
{
    private static readonly GrafanaQueryContext LastSixtyDays = new(DateTimeOffset.UtcNow.AddDays(-60), DateTimeOffset.UtcNow);

    private static readonly PromQlCatalog Catalog = PromQlCatalog.Load(Repo.Root, LastSixtyDays);

    [Fact]
    public async Task Grafana_reader_can_read_every_monitor_table_but_not_write()
    {
        foreach (var table in new[] { "watched_tag", "tag_revision", "revision_platform", "poll_run" })
        {
            await using var read = database.ReaderDataSource.CreateCommand($"SELECT count(*) FROM monitor.{table}");
            Assert.True((long)(await read.ExecuteScalarAsync(TestContext.Current.CancellationToken))! > 0, $"monitor.{table} is empty or unreadable.");
        }

        await using var write = database.ReaderDataSource.CreateCommand("DELETE FROM monitor.poll_run");
        var denied = await Assert.ThrowsAsync<PostgresException>(() => write.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
    }

    [Fact]
    public async Task Every_dashboard_SQL_query_runs_as_the_reader_and_returns_rows()
    {
        Assert.NotEmpty(Catalog.Sql);
        var problems = new List<string>();
        foreach (var query in Catalog.Sql)
        {
            try
            {
                var rows = await RowsAsync(query.Sql);
                if (rows.Count == 0)
                {
                    problems.Add($"{query}: no rows\n    {query.Sql.ReplaceLineEndings(" ")}");
                }
            }
            catch (PostgresException e)
            {
                problems.Add($"{query}: {e.SqlState} {e.MessageText}\n    {query.Sql.ReplaceLineEndings(" ")}");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData("Rebuild events per ISO week")]
    [InlineData("Rebuild events per month")]
    public async Task Rebuild_buckets_count_each_change_once_and_a_multi_arch_burst_once(string panelTitle)
    {
        var query = Assert.Single(Catalog.Sql, q => q.Location.Contains($"\"{panelTitle}\"", StringComparison.Ordinal));

        var rows = await RowsAsync(query.Sql);

        // 35, 28, 21, 14, 7, 3 (+ a push 2 h later: same event) days ago and a rollback 1 day ago; the baseline is no rebuild.
        Assert.Equal(7, rows.Sum(r => Convert.ToInt64(r["rebuild events"], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(rows.Zip(rows.Skip(1)), pair => Assert.True((DateTime)pair.First["time"] < (DateTime)pair.Second["time"], "Buckets must ascend."));
    }

    [Fact]
    public async Task Weekly_buckets_are_gap_filled_with_zeros()
    {
        var query = Assert.Single(Catalog.Sql, q => q.Location.Contains("\"Rebuild events per ISO week\"", StringComparison.Ordinal));

        var rows = await RowsAsync(query.Sql);

        Assert.InRange(rows.Count, 9, 10); // 60 days from a Monday-aligned start
        Assert.Contains(rows, r => Convert.ToInt64(r["rebuild events"], System.Globalization.CultureInfo.InvariantCulture) == 0);
    }

    [Fact]
    public async Task Platforms_panel_lists_the_platforms_of_the_current_revision()
    {
        var query = Assert.Single(Catalog.Sql, q => q.Location.Contains("\"Platforms of the current digest\"", StringComparison.Ordinal));

        var rows = await RowsAsync(query.Sql);

        Assert.Equal(["linux/amd64", "linux/arm64/v8"], rows.Select(r => (string)r["platform"]));
    }

    [Fact]
    public async Task Digest_timeline_names_the_digest_each_revision_replaced()
    {
        var query = Assert.Single(Catalog.Sql, q => q.Location.Contains("\"Digest timeline\"", StringComparison.Ordinal));

        var rows = await RowsAsync(query.Sql);

        // Newest first: the rollback to a35 replaced a03b, ..., and the baseline replaced nothing.
        Assert.Equal(
            ["sha256:a03b", "sha256:a03", "sha256:a07", "sha256:a14", "sha256:a21", "sha256:a28", "sha256:a35", "sha256:a40", null],
            rows.Select(r => r["replaced"] as string));
        Assert.Equal("sha256:a35", rows[0]["digest"]);
    }

    private async Task<List<Dictionary<string, object>>> RowsAsync(string sql)
    {
        await using var command = database.ReaderDataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<Dictionary<string, object>>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, reader.GetValue));
        }

        return rows;
    }
}
