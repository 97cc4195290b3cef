using Monitor.Registry.Client;

namespace Monitor.Registry.Tests.Units;

public sealed class ImageCreatedTests
{
    [Theory]
    [InlineData("2025-03-04T05:06:07Z", "2025-03-04T05:06:07+00:00")]
    [InlineData("2025-03-04T05:06:07.123456789Z", "2025-03-04T05:06:07.1234567+00:00")]
    [InlineData("2025-03-04T07:06:07+02:00", "2025-03-04T05:06:07+00:00")]
    public void Real_build_times_are_kept(string created, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ImageCreated.Parse(created));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("1970-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("1969-12-31T23:59:59Z")]
    public void Missing_garbage_and_placeholder_times_are_unknown(string? created) =>
        Assert.Null(ImageCreated.Parse(created));
}
