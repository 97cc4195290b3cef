using System.Text;
using Monitor.Core.References;

namespace Monitor.Core.Tests.References;

public sealed class Sha256DigestTests
{
    private const string Hex64 = "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c";

    [Theory]
    [InlineData("sha256:" + Hex64)]
    [InlineData("sha256:0000000000000000000000000000000000000000000000000000000000000000")]
    public void Lowercase_sha256_with_64_hex_digits_is_accepted(string text)
    {
        Assert.True(Sha256Digest.IsValid(text));
        Assert.Equal(text, Sha256Digest.Parse(text).Value);
        Assert.Equal(text[7..], Sha256Digest.Parse(text).Hex);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(Hex64)]
    [InlineData("sha256:" + "DBCC1C35AC38DF41FD2F5E4130B32FFDB93EBAE8B3DBE638C23575912276FC9C")]
    [InlineData("sha256:" + "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9")]
    [InlineData("sha256:" + Hex64 + "0")]
    [InlineData("sha512:" + Hex64)]
    [InlineData("SHA256:" + Hex64)]
    [InlineData("sha256:" + "gbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c")]
    [InlineData(" sha256:" + Hex64)]
    [InlineData("sha256:" + Hex64 + "\n")]
    public void Anything_else_is_rejected(string? text)
    {
        Assert.False(Sha256Digest.IsValid(text));
        Assert.False(Sha256Digest.TryParse(text, out var digest));
        Assert.Null(digest);
    }

    [Fact]
    public void Parse_of_a_bad_digest_throws_a_format_exception_quoting_it()
    {
        var exception = Assert.Throws<FormatException>(() => Sha256Digest.Parse("md5:abc"));
        Assert.Contains("md5:abc", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_hashes_the_exact_bytes()
    {
        // sha256("abc") from FIPS 180-2.
        var digest = Sha256Digest.Compute(Encoding.ASCII.GetBytes("abc"));

        Assert.Equal("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", digest.Value);
    }

    [Fact]
    public void Digests_compare_by_value()
    {
        Assert.Equal(Sha256Digest.Parse("sha256:" + Hex64), Sha256Digest.Parse("sha256:" + Hex64));
        Assert.Equal("sha256:" + Hex64, Sha256Digest.Parse("sha256:" + Hex64).ToString());
    }
}
