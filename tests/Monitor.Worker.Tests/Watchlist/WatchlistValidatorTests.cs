using Microsoft.Extensions.Configuration;
using Monitor.Worker.Watchlist;

namespace Monitor.Worker.Tests.Watchlist;

public sealed class WatchlistValidatorTests
{
    public static TheoryData<WatchEntryOptions, string> BrokenEntries => new()
    {
        { new WatchEntryOptions { Repository = "Python", Tags = ["3"] }, "entries[0] (Python): repository:" },
        { new WatchEntryOptions { Repository = "python:3.13", Tags = ["3"] }, "must not include a tag or digest" },
        { new WatchEntryOptions { Repository = "python" }, "give at least one of 'tags', 'include' or 'regex'" },
        { new WatchEntryOptions { Repository = "python", Tags = ["-bad"] }, "tag '-bad' is not a valid tag" },
        { new WatchEntryOptions { Repository = "python", Regex = "([" }, "regex '([' does not compile" },
        { new WatchEntryOptions { Repository = "python", Tags = ["3"], Discover = true }, "'discover: true' needs 'include' or 'regex'" },
        { new WatchEntryOptions { Repository = "python", Tags = ["3"], Group = "nope" }, "group 'nope' is not defined" },
        { new WatchEntryOptions { Repository = "python", Tags = ["3"], Staleness = new StalenessOverride { Factor = 0.5 } }, "staleness.factor must be greater than 1" },
        { new WatchEntryOptions { Repository = "python", Tags = ["3"], Staleness = new StalenessOverride { MaxAge = TimeSpan.Zero } }, "staleness.maxAge must be positive" },
    };

    [Theory]
    [MemberData(nameof(BrokenEntries))]
    public void A_broken_entry_is_reported_with_its_place_and_reason(WatchEntryOptions entry, string expected)
    {
        var errors = WatchlistValidator.Validate(new WatchlistOptions { Entries = [entry] });

        Assert.Contains(errors, error => error.StartsWith("entries[0]", StringComparison.Ordinal) && error.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0 */15 * * *", "not a valid Quartz cron expression")]
    [InlineData("every hour", "not a valid Quartz cron expression")]
    public void A_bad_group_schedule_is_reported(string schedule, string expected)
    {
        var errors = WatchlistValidator.Validate(new WatchlistOptions { Groups = [new WatchGroupOptions { Name = "g", Schedule = schedule }] });

        Assert.Contains(errors, error => error.StartsWith("groups[0] (g)", StringComparison.Ordinal) && error.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_group_defined_twice_is_reported()
    {
        var errors = WatchlistValidator.Validate(new WatchlistOptions { Groups = [new WatchGroupOptions { Name = "g" }, new WatchGroupOptions { Name = "g" }] });

        Assert.Contains(errors, error => error.Contains("defined twice", StringComparison.Ordinal));
    }

    [Fact]
    public void The_shipped_default_watchlist_is_valid_and_covers_the_compared_vendors()
    {
        var configuration = new ConfigurationBuilder()
            .AddYamlFile(Path.Combine(AppContext.BaseDirectory, WatchlistFile.DefaultFileName))
            .Build();
        var watchlist = new WatchlistOptions();
        ConfigurationBinder.Bind(configuration.GetSection(WatchlistOptions.SectionName), watchlist);

        Assert.Empty(WatchlistValidator.Validate(watchlist));
        var repositories = watchlist.Entries.Select(e => e.Repository).ToList();
        Assert.Contains("gcr.io/distroless/static", repositories);
        Assert.Contains("cgr.dev/chainguard/node", repositories);
        Assert.Contains("mcr.microsoft.com/dotnet/runtime-deps", repositories);
        Assert.Contains("python", repositories);
        Assert.Contains("eclipse-temurin", repositories);
    }
}
