using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Watchlist;

/// <summary>The real executable refuses a broken watchlist before doing anything, naming file, entry and reason.</summary>
public sealed class WatchlistStartupTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("monitor-watchlist-").FullName;

    [Theory]
    [InlineData("run")]
    [InlineData("poll")]
    public async Task A_broken_watchlist_stops_the_start_with_exit_code_2(string verb)
    {
        var file = Path.Combine(directory, "broken.yaml");
        await File.WriteAllTextAsync(file, """
            watchlist:
              entries:
                - repository: python
                  tags: ["3.13-slim"]
                - repository: "Bad/Name"
                  tags: ["1"]
            """);
        await using var process = MonitorProcess.Start(directory, new Dictionary<string, string?>
        {
            ["WatchlistFile"] = file,
            ["ConnectionStrings__Monitor"] = "Host=127.0.0.1;Port=1;Database=none;Username=none",
        }, verb);

        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains(file, process.Output, StringComparison.Ordinal);
        Assert.Contains("entries[1] (Bad/Name)", process.Output, StringComparison.Ordinal);
        Assert.Contains("must be lowercase", process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_watchlist_file_is_named()
    {
        var missing = Path.Combine(directory, "nope.yaml");
        await using var process = MonitorProcess.Start(directory, new Dictionary<string, string?>
        {
            ["WatchlistFile"] = missing,
            ["ConnectionStrings__Monitor"] = "Host=127.0.0.1;Port=1;Database=none;Username=none",
        }, "poll");

        Assert.Equal(2, await process.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(missing, process.Output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
