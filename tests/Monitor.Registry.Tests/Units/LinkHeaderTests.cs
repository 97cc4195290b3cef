using Monitor.Registry.Client;

namespace Monitor.Registry.Tests.Units;

public sealed class LinkHeaderTests
{
    [Theory]
    [InlineData("</v2/a/tags/list?n=10&last=t09>; rel=\"next\"", "/v2/a/tags/list?n=10&last=t09")]
    [InlineData("<https://ghcr.io/v2/a/tags/list?last=x&n=5>; rel=next", "https://ghcr.io/v2/a/tags/list?last=x&n=5")]
    [InlineData("</prev>; rel=\"prev\", </next>; rel=\"next\"", "/next")]
    [InlineData("</both>; rel=\"prev next\"", "/both")]
    [InlineData("</x>; title=\"a;b\"; REL=\"Next\"", "/x")]
    public void Next_link_is_found(string header, string expected) =>
        Assert.Equal(expected, LinkHeader.FindNext([header]));

    [Theory]
    [InlineData("</prev>; rel=\"prev\"")]
    [InlineData("</x>")]
    [InlineData("garbage")]
    [InlineData("<unterminated; rel=\"next\"")]
    [InlineData("")]
    public void No_next_link_means_null(string header) =>
        Assert.Null(LinkHeader.FindNext([header]));

    [Fact]
    public void Next_link_may_come_in_a_later_header_value() =>
        Assert.Equal("/n", LinkHeader.FindNext(["</p>; rel=\"prev\"", "</n>; rel=\"next\""]));
}
