using Monitor.Registry.Observability;

namespace Monitor.Registry.Tests.Units;

public sealed class DockerHubRateLimitTests
{
    [Fact]
    public void Remaining_and_limit_with_window_are_parsed()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("ratelimit-limit", "100;w=21600");
        response.Headers.TryAddWithoutValidation("ratelimit-remaining", "87;w=21600");

        Assert.Equal(new DockerHubRateLimit(100, 87, TimeSpan.FromSeconds(21600)), DockerHubRateLimit.FromHeaders(response));
    }

    [Fact]
    public void Remaining_without_limit_or_window_is_still_reported()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("RateLimit-Remaining", "0");

        Assert.Equal(new DockerHubRateLimit(null, 0, null), DockerHubRateLimit.FromHeaders(response));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("many")]
    [InlineData("-1;w=60")]
    [InlineData(";w=60")]
    public void Missing_or_unparseable_remaining_means_no_rate_limit(string? remaining)
    {
        using var response = new HttpResponseMessage();
        if (remaining is not null)
        {
            response.Headers.TryAddWithoutValidation("ratelimit-remaining", remaining);
        }

        Assert.Null(DockerHubRateLimit.FromHeaders(response));
    }
}
