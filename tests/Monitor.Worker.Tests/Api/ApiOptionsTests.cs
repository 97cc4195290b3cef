using Monitor.Worker.Api;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Api;

/// <summary>The API's configuration is checked at start; the key is compared without telling its length.</summary>
public sealed class ApiOptionsTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("monitor-api-options-").FullName;

    [Fact]
    public async Task A_key_shorter_than_16_characters_stops_the_service_with_exit_code_2_without_showing_it()
    {
        const string key = "fifteen-chars!!";
        var watchlist = Path.Combine(directory, "watchlist.yaml");
        await File.WriteAllTextAsync(watchlist, "watchlist:\n  entries: []\n");
        await using var process = MonitorProcess.Start(directory, new Dictionary<string, string?>
        {
            ["Api__ApiKey"] = key,
            ["WatchlistFile"] = watchlist,
            ["ConnectionStrings__Monitor"] = "Host=127.0.0.1;Port=1;Database=none;Username=none",
        }, "run");

        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains("error: invalid configuration: Api:ApiKey must be at least 16 characters long", process.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(key, process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", process.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("0123456789abcde", false)]
    [InlineData("0123456789abcdef", true)]
    [InlineData("a-much-longer-key-from-openssl-rand-hex-32", true)]
    public void The_key_is_empty_or_at_least_16_characters(string? key, bool valid)
    {
        var result = new ApiOptionsValidation().Validate(null, new ApiOptions { ApiKey = key });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Equal(["Api:ApiKey must be at least 16 characters long (e.g. the output of 'openssl rand -hex 32'), or empty to turn mutations off"], result.Failures);
            Assert.DoesNotContain(key!, result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("gcr.io.", "Api:AllowedRegistries:1 (gcr.io.) is not a registry name or *.suffix: registry host (gcr.io.) is invalid")]
    [InlineData("*.127.0.0.1", "Api:AllowedRegistries:1 (*.127.0.0.1) is not a registry name or *.suffix: a *.suffix entry needs a domain name, not an IP address (127.0.0.1)")]
    [InlineData("*.[::1]", "Api:AllowedRegistries:1 (*.[::1]) is not a registry name or *.suffix: a *.suffix entry needs a domain name")]
    [InlineData("0x7f.0.0.1:5000", "reads as an IPv4 address")]
    [InlineData("https://gcr.io", "Api:AllowedRegistries:1 (https://gcr.io) is not a registry name")]
    [InlineData("*gcr.io", "Api:AllowedRegistries:1 (*gcr.io) is not a registry name")]
    [InlineData("g\u0441r.io", "is not ASCII")]
    public void An_allowlist_entry_that_is_not_a_registry_name_is_refused(string entry, string message)
    {
        var result = new ApiOptionsValidation().Validate(null, new ApiOptions { AllowedRegistries = ["ghcr.io", entry] });

        Assert.False(result.Succeeded);
        Assert.Contains(message, Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "00:01:00", "Api:MutationRateLimit:PermitLimit must be at least 1")]
    [InlineData(10, "00:00:00", "Api:MutationRateLimit:Window must be more than 0 and at most 1.00:00:00")]
    [InlineData(10, "2.00:00:00", "Api:MutationRateLimit:Window must be more than 0 and at most 1.00:00:00")]
    public void A_rate_limit_out_of_range_is_refused(int permits, string window, string message)
    {
        var options = new ApiOptions { MutationRateLimit = { PermitLimit = permits, Window = TimeSpan.Parse(window, System.Globalization.CultureInfo.InvariantCulture) } };

        var result = new ApiOptionsValidation().Validate(null, options);

        Assert.Equal([message], result.Failures);
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        var options = new ApiOptions();

        Assert.True(new ApiOptionsValidation().Validate(null, options).Succeeded);
        Assert.Equal((60, TimeSpan.FromMinutes(1)), (options.MutationRateLimit.PermitLimit, options.MutationRateLimit.Window));
        Assert.Equal(ApiOptions.DefaultAllowedRegistries, options.EffectiveAllowedRegistries);
        Assert.All(ApiOptions.DefaultAllowedRegistries, entry => Assert.NotNull(ApiOptions.ParseEntry(entry).Name));
    }

    [Theory]
    [InlineData("correct-horse-battery-staple", true)]
    [InlineData("correct-horse-battery-stapl", false)]
    [InlineData("correct-horse-battery-staple-and-more", false)]
    [InlineData("", false)]
    [InlineData("CORRECT-HORSE-BATTERY-STAPLE", false)]
    public void The_key_matches_only_itself(string presented, bool matches) =>
        Assert.Equal(matches, ApiKeyFilter.Matches(presented, "correct-horse-battery-staple"));

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
