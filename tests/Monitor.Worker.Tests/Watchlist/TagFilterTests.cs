using Monitor.Worker.Watchlist;

namespace Monitor.Worker.Tests.Watchlist;

public sealed class TagFilterTests
{
    private static readonly string Digest = new('a', 64);

    [Theory]
    [InlineData("3.13-slim", true)]
    [InlineData("3.12-slim", true)]
    [InlineData("3.13-alpine", false)]
    [InlineData("latest", true)]
    public void Globs_and_exact_tags_select_tags(string tag, bool selected)
    {
        var filter = new TagFilter(new WatchEntryOptions { Repository = "python", Tags = ["latest"], Include = ["3.1?-slim"] });

        Assert.Equal(selected, filter.Matches(tag));
    }

    [Fact]
    public void A_regex_selects_tags()
    {
        var filter = new TagFilter(new WatchEntryOptions { Repository = "debian", Regex = "^(bookworm|trixie)-slim$" });

        Assert.True(filter.Matches("trixie-slim"));
        Assert.False(filter.Matches("trixie"));
    }

    [Theory]
    [InlineData("sha256-{0}.sig")]
    [InlineData("sha256-{0}.att")]
    [InlineData("sha256-{0}.sbom")]
    [InlineData("sha256-{0}")]
    [InlineData("{0}")]
    public void Signature_attestation_sbom_and_digest_like_tags_are_never_selected_by_patterns(string pattern)
    {
        var filter = new TagFilter(new WatchEntryOptions { Repository = "x", Include = ["*"] });

        Assert.False(filter.Matches(string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, Digest)));
        Assert.True(filter.Matches("1.0"));
    }
}
