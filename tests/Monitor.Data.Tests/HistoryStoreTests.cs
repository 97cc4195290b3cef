using Monitor.Data.History;
using Monitor.Testing.Postgres;
using Npgsql;

namespace Monitor.Data.Tests;

/// <summary>Poll runs are bookkeeping: retention deletes the old ones and nothing else.</summary>
public sealed class HistoryStoreTests(PostgresServer postgres)
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 3, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Retention_deletes_the_poll_runs_started_before_the_cut_off_only()
    {
        var connectionString = await postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var store = new HistoryStore(NpgsqlDataSource.Create(connectionString));
        var old = await store.StartPollRunAsync("node-a", "default", T0.AddDays(-91), CancellationToken.None);
        var kept = await store.StartPollRunAsync("node-a", "default", T0.AddDays(-90), CancellationToken.None);
        var recent = await store.StartPollRunAsync("node-b", "nightly", T0.AddDays(-1), CancellationToken.None);

        var deleted = await store.DeletePollRunsStartedBeforeAsync(T0.AddDays(-90), CancellationToken.None);

        Assert.Equal(1, deleted);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT id FROM monitor.poll_run ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var left = new List<long>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            left.Add(reader.GetInt64(0));
        }

        Assert.DoesNotContain(old, left);
        Assert.Equal([kept, recent], left);
    }
}
