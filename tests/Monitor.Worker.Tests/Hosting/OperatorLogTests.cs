using System.Text;
using System.Text.RegularExpressions;
using Monitor.Testing;
using Monitor.Testing.Postgres;
using Monitor.Testing.Registry;
using Monitor.Worker.Tests.Support;
using Npgsql;

namespace Monitor.Worker.Tests.Hosting;

/// <summary>
/// The real <c>monitor</c> executable with its default log levels, against registries that cannot answer: what an
/// operator reads is one warning per failing registry with its cause, never per-request chatter or stack traces.
/// </summary>
public sealed partial class OperatorLogTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly string workDirectory = Directory.CreateTempSubdirectory("monitor-logs-").FullName;
    private readonly ClosedPort refusing = new();
    private readonly ClosedPort alsoRefusing = new();
    private FaultProxy? unavailable;

    public async ValueTask InitializeAsync() => unavailable = await FaultProxy.StartAsync(upstreamUri: null, status: 503);

    [Fact]
    public async Task A_cycle_of_20_unreachable_tags_logs_one_warning_per_registry_without_stack_traces()
    {
        var connectionString = await postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var registries = new[] { (refusing.Authority, 10), (alsoRefusing.Authority, 5), (unavailable!.Registry, 5) };
        var watchlist = Path.Combine(workDirectory, "watchlist.yaml");
        await File.WriteAllTextAsync(watchlist, Watchlist(registries), TestContext.Current.CancellationToken);

        await using var service = MonitorProcess.Start(workDirectory, new Dictionary<string, string?>
        {
            ["ConnectionStrings__Monitor"] = connectionString,
            ["Urls"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["WatchlistFile"] = watchlist,
        });
        await ServiceProcess.WaitForAsync(() => Task.FromResult(CycleLine().IsMatch(service.Output)), Timeout, "the first poll cycle", service);
        var log = service.Output;
        var cycle = log[..(CycleLine().Match(log).Index + CycleLine().Match(log).Length)];

        var bytes = Encoding.UTF8.GetByteCount(cycle);
        TestContext.Current.SendDiagnosticMessage($"Log of start-up and one cycle of 20 unreachable tags: {bytes} bytes\n{cycle}");
        Assert.True(bytes < 20 * 1024, $"{bytes} bytes of log:\n{cycle}");
        Assert.DoesNotMatch(ConsoleLog.StackFrame(), cycle);
        Assert.Matches(@"group unreachable: 20 checked, 0 changed \(0 baseline\), 0 unchanged, 0 missing, 20 failed", cycle);
        var warnings = ConsoleLog.Problems(cycle);
        Assert.Equal(registries.Length, warnings.Count);
        foreach (var (registry, tags) in registries)
        {
            var warning = Assert.Single(warnings, w => w.Message.StartsWith($"{registry}: ", StringComparison.Ordinal));
            Assert.Contains($"{tags} of {tags} tags failed in group unreachable", warning.Message, StringComparison.Ordinal);
            Assert.Contains(registry == unavailable.Registry ? $"{registry} answered 503 Service Unavailable" : $"could not reach {registry} (ConnectionError", warning.Message, StringComparison.Ordinal);
        }

        // Each tag's lastError names the root cause, also where the open circuit kept the request from being sent.
        var errors = await LastErrorsAsync(connectionString);
        Assert.Equal(20, errors.Count);
        Assert.All(errors.Where(e => e.Registry != unavailable.Registry), e => Assert.Contains($"could not reach {e.Registry} (ConnectionError", e.Error, StringComparison.Ordinal));
        Assert.All(errors.Where(e => e.Registry == unavailable.Registry), e => Assert.Contains("answered 503 Service Unavailable", e.Error, StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Error.StartsWith("circuit_open: ", StringComparison.Ordinal));
        Assert.All(errors.Where(e => e.Error.StartsWith("circuit_open: ", StringComparison.Ordinal)),
            e => Assert.Matches(@"^circuit_open: HEAD manifest [^ ]+: (could not reach .+|.+ answered 503 Service Unavailable); \S+ failed repeatedly, so requests to it are suspended for 00:00:30", e.Error));
    }

    [Fact]
    public async Task Resolve_of_an_unreachable_registry_prints_one_error_line_and_exits_1()
    {
        await using var resolve = MonitorProcess.Start(workDirectory, new Dictionary<string, string?>(), "resolve", $"{refusing.Authority}/cli/app:1");

        var exit = await resolve.WaitForExitAsync(Timeout);

        Assert.Equal(1, exit);
        Assert.Empty(resolve.StandardOutput);
        var line = Assert.Single(resolve.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: {refusing.Authority}/cli/app:1: ", line, StringComparison.Ordinal);
        Assert.Contains($"could not reach {refusing.Authority} (ConnectionError: Connection refused", line, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        refusing.Dispose();
        alsoRefusing.Dispose();
        if (unavailable is not null)
        {
            await unavailable.DisposeAsync();
        }

        Directory.Delete(workDirectory, recursive: true);
    }

    private static string Watchlist(IEnumerable<(string Registry, int Tags)> registries)
    {
        var yaml = new StringBuilder("""
            watchlist:
              discoverySchedule: "0 0 0 1 1 ? 2099"
              groups:
                - name: unreachable
                  schedule: "*/2 * * * * ?"
                  jitter: "00:00:00"
              entries:

            """);
        foreach (var (registry, tags) in registries)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"    - {{ repository: {registry}/team/app, group: unreachable, tags: [{string.Join(", ", Enumerable.Range(1, tags).Select(t => $"\"{t}\""))}] }}\n");
        }

        return yaml.ToString();
    }

    private static async Task<List<(string Registry, string Error)>> LastErrorsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT registry, last_error FROM monitor.watched_tag", connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var errors = new List<(string, string)>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            errors.Add((reader.GetString(0), reader.IsDBNull(1) ? "" : reader.GetString(1)));
        }

        return errors;
    }

    [GeneratedRegex(@"Poll cycle group unreachable: [^\n]+")]
    private static partial Regex CycleLine();
}
