using Monitor.Core.History;
using Monitor.Core.References;
using Monitor.Data.Watches;
using Monitor.Testing.Postgres;
using Npgsql;

namespace Monitor.Data.Tests;

/// <summary>What is watched and where it came from: the watchlist file owns its own tags, never the ones someone asked for.</summary>
public sealed class WatchStoreTests(PostgresServer postgres)
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(WatchSource.Api)]
    [InlineData(WatchSource.Cli)]
    public async Task The_watchlist_does_not_take_over_a_tag_someone_asked_for(WatchSource askedFrom)
    {
        var store = await StoreAsync();
        await store.AddAsync([Spec("1", "default", askedFrom)], T0, CancellationToken.None);

        var (added, disabled) = await store.SyncConfiguredAsync([Spec("1", "nightly", WatchSource.Config)], T0, CancellationToken.None);

        var row = Assert.Single(await store.ListAsync(null, includeDisabled: true, CancellationToken.None));
        Assert.Equal((0, 0), (added, disabled));
        Assert.Equal((askedFrom, "nightly", true), (row.Source, row.WatchGroup, row.Enabled));
    }

    [Fact]
    public async Task The_watchlist_takes_over_a_discovered_tag_it_names()
    {
        var store = await StoreAsync();
        await store.AddDiscoveredAsync([Spec("1", "default", WatchSource.Discovered)], T0, CancellationToken.None);

        await store.SyncConfiguredAsync([Spec("1", "default", WatchSource.Config)], T0, CancellationToken.None);

        Assert.Equal(WatchSource.Config, Assert.Single(await store.ListAsync(null, includeDisabled: true, CancellationToken.None)).Source);
    }

    [Fact]
    public async Task The_watchlist_disables_only_its_own_tags_it_no_longer_names()
    {
        var store = await StoreAsync();
        await store.SyncConfiguredAsync([Spec("config", "default", WatchSource.Config)], T0, CancellationToken.None);
        await store.AddAsync([Spec("cli", "default", WatchSource.Cli), Spec("api", "default", WatchSource.Api)], T0, CancellationToken.None);

        var (_, disabled) = await store.SyncConfiguredAsync([], T0, CancellationToken.None);

        var rows = (await store.ListAsync(null, includeDisabled: true, CancellationToken.None)).ToDictionary(r => r.Reference.Tag);
        Assert.Equal(1, disabled);
        Assert.Equal((false, true, true), (rows["config"].Enabled, rows["cli"].Enabled, rows["api"].Enabled));
    }

    [Fact]
    public async Task A_tag_added_from_the_cli_is_stored_as_cli_and_pending()
    {
        var store = await StoreAsync();

        Assert.Equal(1, await store.AddAsync([Spec("1", "default", WatchSource.Cli)], T0, CancellationToken.None));

        var row = Assert.Single(await store.ListAsync(null, includeDisabled: true, CancellationToken.None));
        Assert.Equal((WatchSource.Cli, PollStatus.Pending), (row.Source, row.Status));
        Assert.Equal(("cli", "pending"), await ColumnsAsync("SELECT source, status FROM monitor.watched_tag"));
    }

    private string connectionString = "";

    private static WatchSpec Spec(string tag, string group, WatchSource source) => new(new TagReference("docker.io", "library/python", tag), group, source);

    private async Task<WatchStore> StoreAsync()
    {
        connectionString = await postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        return new WatchStore(NpgsqlDataSource.Create(connectionString));
    }

    private async Task<(string, string)> ColumnsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));
        return (reader.GetString(0), reader.GetString(1));
    }
}
