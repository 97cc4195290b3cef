using Monitor.Core.Cadence;
using Monitor.Core.References;

namespace Monitor.Core.Tests.Cadence;

public sealed class PlatformSelectorTests
{
    [Theory]
    [InlineData("linux/amd64", "linux/amd64")]
    [InlineData(" linux/amd64 ", "linux/amd64")]
    [InlineData("linux/arm64/v8", "linux/arm64")]
    [InlineData("linux/arm", "linux/arm/v7")]
    [InlineData("linux/arm/v6", "linux/arm/v6")]
    [InlineData("windows/amd64", "windows/amd64")]
    public void Platform_parses_with_default_variants_normalised(string text, string expected)
    {
        Assert.Equal(expected, PlatformSelector.Parse(text).ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("linux")]
    [InlineData("linux/")]
    [InlineData("/amd64")]
    [InlineData("linux/arm/v7/extra")]
    public void Malformed_platform_is_rejected(string? text)
    {
        Assert.False(PlatformSelector.TryParse(text, out _));
        if (text is not null)
        {
            Assert.Throws<FormatException>(() => PlatformSelector.Parse(text));
        }
    }

    [Theory]
    [InlineData("linux/amd64", "linux", "amd64", null, true)]
    [InlineData("linux/amd64", "Linux", "AMD64", "", true)]
    [InlineData("linux/amd64", "linux", "arm64", "v8", false)]
    [InlineData("linux/amd64", "windows", "amd64", null, false)]
    [InlineData("linux/amd64", "unknown", "unknown", null, false)]
    [InlineData("linux/arm64", "linux", "arm64", "v8", true)]
    [InlineData("linux/arm64", "linux", "arm64", null, true)]
    [InlineData("linux/arm64/v8", "linux", "arm64", null, true)]
    [InlineData("linux/arm64", "linux", "arm64", "v9", false)]
    [InlineData("linux/arm", "linux", "arm", "v7", true)]
    [InlineData("linux/arm", "linux", "arm", "v6", false)]
    [InlineData("linux/arm/v6", "linux", "arm", "v6", true)]
    public void Selector_matches_child_manifests_by_platform(
        string selector, string os, string architecture, string? variant, bool expected)
    {
        var child = new PlatformDigest(os, architecture, variant, Digests.Of("sha256:child"));

        Assert.Equal(expected, PlatformSelector.Parse(selector).Matches(child));
    }
}
