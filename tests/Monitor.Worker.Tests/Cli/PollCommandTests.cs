using Monitor.Testing;
using Monitor.Testing.Postgres;
using Monitor.Testing.Registry;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Cli;

/// <summary><c>monitor poll</c> as cron users run it: one cycle, a summary, an exit code that means something.</summary>
public sealed class PollCommandTests(PostgresServer postgres, RegistryServerFixture registry) : IClassFixture<RegistryServerFixture>, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("monitor-poll-").FullName;

    [Fact]
    public async Task Poll_prints_the_cycle_summary_and_exits_0()
    {
        var repo = $"cli-{Guid.NewGuid():N}"[..16];
        await registry.Server.Pusher.PushIndexAsync(repo, "1", [PlatformSpec.LinuxAmd64, PlatformSpec.LinuxArm64]);

        var (exitCode, output) = await PollAsync($"{registry.Server.Registry}/{repo}");

        Assert.Equal(0, exitCode);
        Assert.Contains("group default: 1 checked, 1 changed (1 baseline)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poll_exits_1_when_every_tag_failed()
    {
        var (exitCode, output) = await PollAsync($"127.0.0.1:{FreePort.Next()}/nothing/here");

        Assert.Equal(1, exitCode);
        Assert.Contains("1 checked, 0 changed (0 baseline), 0 unchanged, 0 missing, 1 failed", output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private async Task<(int ExitCode, string Output)> PollAsync(string repository)
    {
        var file = Path.Combine(directory, "watchlist.yaml");
        await File.WriteAllTextAsync(file, $"""
            watchlist:
              entries:
                - repository: {repository}
                  tags: ["1"]
            """);
        await using var process = MonitorProcess.Start(directory, new Dictionary<string, string?>
        {
            ["WatchlistFile"] = file,
            ["ConnectionStrings__Monitor"] = await postgres.CreateDatabaseAsync(),
            ["Registries__MaxRetries"] = "0",
        }, "poll");
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(90));
        return (exitCode, process.Output);
    }
}
