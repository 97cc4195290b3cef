using System.CommandLine;
using System.Diagnostics;
using Monitor.Testing;
using Monitor.Worker.Cli;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Cli;

/// <summary>The command line's conventions: strict verbs and options, help everywhere, configuration overrides for every verb.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("monitor-cli-").FullName;

    public static TheoryData<string> EveryVerb =>
    [
        "", "run", "migrate", "poll", "watch", "watch add", "watch list", "watch remove", "report", "resolve", "health", "backfill",
    ];

    [Fact]
    public async Task A_typo_of_a_verb_exits_2_within_seconds_names_it_suggests_the_verb_and_starts_nothing()
    {
        var port = FreePort.Next();
        var clock = Stopwatch.StartNew();
        await using var process = MonitorProcess.Start(directory, new Dictionary<string, string?> { ["Urls"] = $"http://127.0.0.1:{port}" }, "reprot");

        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        Assert.StartsWith("error: Unrecognized command or argument 'reprot'.", process.StandardError, StringComparison.Ordinal);
        Assert.Contains("did you mean 'report'?", process.StandardError, StringComparison.Ordinal);
        Assert.Contains("Usage:", process.StandardError, StringComparison.Ordinal);
        Assert.Empty(process.StandardOutput);
        // Nothing started: no web server, no database, not even a data folder.
        Assert.DoesNotContain("Now listening", process.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(directory, ".xdg")), "a data folder was created");
    }

    [Theory]
    [InlineData("--jsn", "report", "--jsn")]
    [InlineData("--grop", "watch", "list", "--grop", "default")]
    [InlineData("--bogus", "poll", "--bogus")]
    [InlineData("extra", "health", "extra")]
    [InlineData("--urls=http://127.0.0.1:1", "--urls=http://127.0.0.1:1")]
    public async Task An_unknown_option_or_argument_exits_2_naming_it(string named, params string[] args)
    {
        var (exitCode, output, error) = await InvokeAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Contains($"error: Unrecognized command or argument '{named}'.", error, StringComparison.Ordinal);
        Assert.Contains("Usage:", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public async Task A_close_option_is_suggested()
    {
        var (_, _, error) = await InvokeAsync(["report", "--jsn"]);

        Assert.Contains("did you mean '--json'?", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configuration_override_without_a_value_exits_2_saying_how_to_write_it()
    {
        var (exitCode, _, error) = await InvokeAsync(["report", "--Database:MigrateOnStart"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("error: configuration override '--Database:MigrateOnStart' has no value: write --Database:MigrateOnStart=VALUE", error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EveryVerb))]
    public async Task Help_works_for_every_verb(string verb)
    {
        var (exitCode, output, error) = await InvokeAsync([.. verb.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);

        Assert.True(exitCode == 0, error);
        // "Usage:" and the verb's path after the executable's name (monitor, or the test host's in this process).
        Assert.Matches($@"Usage:\s+\S+{(verb.Length == 0 ? "" : " " + verb)} [\[<]", output);
    }

    /// <summary>
    /// A distinctive value for each verb, visible in what it does: a watchlist file of a name nobody else uses, a closed
    /// database port, an out-of-range registry setting, a closed service port. Before or after the verb alike.
    /// </summary>
    [Theory]
    [InlineData("watchlist", "run")]
    [InlineData("watchlist", "poll")]
    [InlineData("watchlist", "watch", "list")]
    [InlineData("watchlist", "watch", "add", "python:3.13")]
    [InlineData("watchlist", "watch", "remove", "python:3.13")]
    [InlineData("watchlist", "report", "--json")]
    [InlineData("watchlist", "backfill", "--all")]
    [InlineData("watchlist-first", "report")]
    [InlineData("database", "migrate")]
    [InlineData("registry", "resolve", "python:3.13")]
    [InlineData("urls", "health")]
    public async Task A_configuration_override_reaches_every_verb(string setting, params string[] verb)
    {
        var missing = Path.Combine(directory, $"distinctive-{Guid.NewGuid():N}.yaml");
        var closed = FreePort.Next();
        (string[] Args, int ExitCode, string Expected) run = setting switch
        {
            "watchlist" => ([.. verb, $"--WatchlistFile={missing}"], 2, missing),
            "watchlist-first" => ([$"--WatchlistFile={missing}", .. verb], 2, missing),
            "database" => ([.. verb, $"--ConnectionStrings:Monitor=Host=127.0.0.1;Port={closed};Database=none;Username=none;Timeout=5"], 1, $"127.0.0.1:{closed}"),
            "registry" => ([.. verb, "--Registries:MaxRetries=11"], 2, "Registries:MaxRetries must be between 0 and 10"),
            "urls" => ([.. verb, $"--Urls=http://0.0.0.0:{closed}"], 1, $"http://127.0.0.1:{closed}/healthz"),
            _ => throw new ArgumentOutOfRangeException(nameof(setting)),
        };

        var (exitCode, output, error) = await InvokeAsync(run.Args);

        Assert.True(exitCode == run.ExitCode, $"exit {exitCode}, stderr: {error}");
        Assert.Contains(run.Expected, error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => line.StartsWith("error:", StringComparison.Ordinal));
        Assert.Empty(output);
    }

    [Theory]
    [InlineData(new[] { "report", "--json" }, new string[0], new[] { "report", "--json" })]
    [InlineData(new[] { "--Urls=http://127.0.0.1:9", "report", "--ConnectionStrings:Monitor=Host=a;Password=b=c" },
        new[] { "--Urls=http://127.0.0.1:9", "--ConnectionStrings:Monitor=Host=a;Password=b=c" }, new[] { "report" })]
    [InlineData(new[] { "watch", "add", "--group", "Nightly", "python" }, new string[0], new[] { "watch", "add", "--group", "Nightly", "python" })]
    [InlineData(new[] { "resolve", "--", "--Looks:Like=config" }, new string[0], new[] { "resolve", "--", "--Looks:Like=config" })]
    [InlineData(new[] { "--urls=lower", "-x" }, new string[0], new[] { "--urls=lower", "-x" })]
    public void Configuration_overrides_are_the_capitalised_name_value_tokens(string[] args, string[] configuration, string[] verb)
    {
        var split = ConfigurationArguments.Split(args);

        Assert.Equal(configuration, split.Configuration);
        Assert.Equal(verb, split.Verb);
        Assert.Empty(split.Errors);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static async Task<(int ExitCode, string Output, string Error)> InvokeAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await MonitorCommandLine.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
