using System.Text.RegularExpressions;
using Monitor.Testing;
using Monitor.Testing.Postgres;
using Monitor.Worker.Tests.Support;
using Npgsql;

namespace Monitor.Worker.Tests.Hosting;

/// <summary>Replicas that start at the same moment, and secrets that come from files: the real executable on a real database.</summary>
public sealed partial class ConcurrentStartTests(PostgresServer postgres) : IDisposable
{
    private const int Replicas = 4;
    private readonly string directory = Directory.CreateTempSubdirectory("monitor-replicas-").FullName;

    [Fact]
    public async Task Replicas_starting_at_once_on_an_empty_database_take_turns_to_migrate_and_all_become_ready()
    {
        var connectionString = await postgres.CreateEmptyDatabaseAsync();
        var watchlist = Path.Combine(directory, "watchlist.yaml");
        await File.WriteAllTextAsync(watchlist, $"watchlist:\n  discoverySchedule: \"{MonitorHost.Never}\"\n  groups:\n    - {{ name: default, schedule: \"{MonitorHost.Never}\" }}\n");
        var ports = Enumerable.Range(0, Replicas).Select(_ => FreePort.Next()).ToList();

        var replicas = ports.Select((port, i) => MonitorProcess.Start(directory, new Dictionary<string, string?>
        {
            ["ConnectionStrings__Monitor"] = connectionString,
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["WatchlistFile"] = watchlist,
            ["NodeName"] = $"replica-{i}",
        }, "run")).ToList();
        try
        {
            await Task.WhenAll(replicas.Select((replica, i) => replica.WaitUntilReadyAsync(ports[i], TimeSpan.FromSeconds(120))));

            var output = string.Concat(replicas.Select(r => r.Output));
            Assert.DoesNotContain("42P07", output, StringComparison.Ordinal);
            // One of them applied the migrations; the others waited for it and found nothing to do.
            Assert.Single(Applying().Matches(output));
            Assert.All(replicas, r => Assert.False(r.HasExited, r.Output));
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task The_database_password_can_come_from_a_file_and_never_appears_in_the_error()
    {
        var builder = new NpgsqlConnectionStringBuilder(await postgres.CreateEmptyDatabaseAsync());
        var password = builder.Password ?? "";
        builder.Password = null;
        var secret = Path.Combine(directory, "db-password");
        await File.WriteAllTextAsync(secret, password + "\n");
        var wrong = Path.Combine(directory, "wrong-password");
        await File.WriteAllTextAsync(wrong, "not-the-password-4f1c\n");

        var migrated = await MigrateAsync(builder.ConnectionString, secret);
        var refused = await MigrateAsync(builder.ConnectionString, wrong);

        Assert.True(migrated.ExitCode == 0, migrated.Output);
        Assert.Matches(@"^applied [1-9][0-9]* migration\(s\)", migrated.StandardOutput);
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("error: database: ", refused.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password-4f1c", refused.Output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private async Task<(int ExitCode, string StandardOutput, string StandardError, string Output)> MigrateAsync(string connectionString, string passwordFile)
    {
        await using var process = MonitorProcess.Start(directory, new Dictionary<string, string?>
        {
            ["ConnectionStrings__Monitor"] = connectionString,
            ["Database__Password_FILE"] = passwordFile,
        }, "migrate");
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(90));
        return (exitCode, process.StandardOutput, process.StandardError, process.Output);
    }

    [GeneratedRegex(@"Applying \d+ database migration\(s\)")]
    private static partial Regex Applying();
}
