using Monitor.Core.References;

namespace Monitor.Core.Tests.References;

public sealed class ImageReferenceParseTests
{
    private const string Hex64 = "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c";
    private const string Digest = "sha256:" + Hex64;

    /// <summary>input → canonical, registry, repository, tag, digest.</summary>
    public static TheoryData<string, string, string, string, string?, string?> Valid => new()
    {
        // Docker Hub normalisation
        { "python", "docker.io/library/python", "docker.io", "library/python", null, null },
        { "python:3.13-slim", "docker.io/library/python:3.13-slim", "docker.io", "library/python", "3.13-slim", null },
        { "library/python:3.13", "docker.io/library/python:3.13", "docker.io", "library/python", "3.13", null },
        { "docker.io/python", "docker.io/library/python", "docker.io", "library/python", null, null },
        { "docker.io/library/python:latest", "docker.io/library/python:latest", "docker.io", "library/python", "latest", null },
        { "index.docker.io/python:3", "docker.io/library/python:3", "docker.io", "library/python", "3", null },
        { "index.docker.io/library/debian", "docker.io/library/debian", "docker.io", "library/debian", null, null },
        { "index.docker.io/bitnami/redis:7", "docker.io/bitnami/redis:7", "docker.io", "bitnami/redis", "7", null },
        { "bitnami/redis", "docker.io/bitnami/redis", "docker.io", "bitnami/redis", null, null },
        { "docker.io/library/foo/bar", "docker.io/library/foo/bar", "docker.io", "library/foo/bar", null, null },
        { "store/foo/bar", "docker.io/store/foo/bar", "docker.io", "store/foo/bar", null, null },
        { "other/library", "docker.io/other/library", "docker.io", "other/library", null, null },
        // A first component without '.', ':' or uppercase is a namespace, not a host
        { "test_com/foo", "docker.io/test_com/foo", "docker.io", "test_com/foo", null, null },
        // Without a '/', even a host-like name is a Docker Hub repository (Docker's rule)
        { "ghcr.io", "docker.io/library/ghcr.io", "docker.io", "library/ghcr.io", null, null },
        { "localhost", "docker.io/library/localhost", "docker.io", "library/localhost", null, null },
        { "localhost:5000", "docker.io/library/localhost:5000", "docker.io", "library/localhost", "5000", null },
        { "192.168.0.1", "docker.io/library/192.168.0.1", "docker.io", "library/192.168.0.1", null, null },
        { "192.168.0.1:80", "docker.io/library/192.168.0.1:80", "docker.io", "library/192.168.0.1", "80", null },
        // Other registries
        { "ghcr.io/owner/image:v1.2.3", "ghcr.io/owner/image:v1.2.3", "ghcr.io", "owner/image", "v1.2.3", null },
        { "ghcr.io/owner/sub/image:tag", "ghcr.io/owner/sub/image:tag", "ghcr.io", "owner/sub/image", "tag", null },
        { "quay.io/prometheus/node-exporter", "quay.io/prometheus/node-exporter", "quay.io", "prometheus/node-exporter", null, null },
        { "ghcr.io/python", "ghcr.io/python", "ghcr.io", "python", null, null },
        { "registry.example.com:5000/team/app:1.0", "registry.example.com:5000/team/app:1.0", "registry.example.com:5000", "team/app", "1.0", null },
        { "test-com:8080/foo", "test-com:8080/foo", "test-com:8080", "foo", null, null },
        { "xn--n3h.com/foo", "xn--n3h.com/foo", "xn--n3h.com", "foo", null, null },
        { "localhost/app", "localhost/app", "localhost", "app", null, null },
        { "localhost/library/python", "localhost/library/python", "localhost", "library/python", null, null },
        { "localhost:5000/app:dev", "localhost:5000/app:dev", "localhost:5000", "app", "dev", null },
        // IP hosts
        { "127.0.0.1:5000/debian", "127.0.0.1:5000/debian", "127.0.0.1:5000", "debian", null, null },
        { "192.168.0.1:8/debian", "192.168.0.1:8/debian", "192.168.0.1:8", "debian", null, null },
        { "[::1]:5000/app:1", "[::1]:5000/app:1", "[::1]:5000", "app", "1", null },
        { "[::1]/app", "[::1]/app", "[::1]", "app", null, null },
        { "[fc00::1]:5000/docker/docker", "[fc00::1]:5000/docker/docker", "[fc00::1]:5000", "docker/docker", null, null },
        { "[fc00:1:2:3:4:5:6:7]:5000/library/debian", "[fc00:1:2:3:4:5:6:7]:5000/library/debian", "[fc00:1:2:3:4:5:6:7]:5000", "library/debian", null, null },
        // The registry in its canonical form, so Docker Hub's names are recognised in any case
        { "GCR.IO/distroless/static:nonroot", "gcr.io/distroless/static:nonroot", "gcr.io", "distroless/static", "nonroot", null },
        { "DOCKER.IO/python", "docker.io/library/python", "docker.io", "library/python", null, null },
        { "Index.Docker.IO/python:3", "docker.io/library/python:3", "docker.io", "library/python", "3", null },
        { "gcr.io:0443/app", "gcr.io:443/app", "gcr.io:443", "app", null, null },
        { "[FC00:0:0::1]:5000/app", "[fc00::1]:5000/app", "[fc00::1]:5000", "app", null, null },
        { "[::ffff:7f00:1]:5000/app", "127.0.0.1:5000/app", "127.0.0.1:5000", "app", null, null },
        // Path component separators
        { "dock__er/docker", "docker.io/dock__er/docker", "docker.io", "dock__er/docker", null, null },
        { "docker---rules/docker", "docker.io/docker---rules/docker", "docker.io", "docker---rules/docker", null, null },
        { "d/docker", "docker.io/d/docker", "docker.io", "d/docker", null, null },
        { "a_b-c/d.e__f", "docker.io/a_b-c/d.e__f", "docker.io", "a_b-c/d.e__f", null, null },
        { "ubuntu-12.04-base", "docker.io/library/ubuntu-12.04-base", "docker.io", "library/ubuntu-12.04-base", null, null },
        // Hex names are fine once qualified or tagged, or shorter than 64
        { "docker.io/" + Hex64, "docker.io/library/" + Hex64, "docker.io", "library/" + Hex64, null, null },
        { Hex64 + ":tag", "docker.io/library/" + Hex64 + ":tag", "docker.io", "library/" + Hex64, "tag", null },
        { Hex64[..63], "docker.io/library/" + Hex64[..63], "docker.io", "library/" + Hex64[..63], null, null },
        // Tags
        { "python:_underscore", "docker.io/library/python:_underscore", "docker.io", "library/python", "_underscore", null },
        { "python:UPPER.case-Tag_1", "docker.io/library/python:UPPER.case-Tag_1", "docker.io", "library/python", "UPPER.case-Tag_1", null },
        { "python:" + new string('t', 128), "docker.io/library/python:" + new string('t', 128), "docker.io", "library/python", new string('t', 128), null },
        // Digests
        { "python@" + Digest, "docker.io/library/python@" + Digest, "docker.io", "library/python", null, Digest },
        { "python:3.13@" + Digest, "docker.io/library/python:3.13@" + Digest, "docker.io", "library/python", "3.13", Digest },
        { "ghcr.io/a/b@" + Digest, "ghcr.io/a/b@" + Digest, "ghcr.io", "a/b", null, Digest },
        { "localhost:5000/a:b@" + Digest, "localhost:5000/a:b@" + Digest, "localhost:5000", "a", "b", Digest },
        // Length limit applies to the path only, and 255 is allowed
        { "example.com/" + new string('a', 255), "example.com/" + new string('a', 255), "example.com", new string('a', 255), null, null },
    };

    /// <summary>input → offending part, text the message must contain.</summary>
    public static TheoryData<string, ImageReferencePart, string> Invalid => new()
    {
        { "", ImageReferencePart.Reference, "empty" },
        { new string('a', 1025), ImageReferencePart.Reference, "longer than 1024" },
        { Hex64, ImageReferencePart.Repository, "64-byte hexadecimal" },
        // Lowercase rule
        { "Python", ImageReferencePart.Repository, "(library/Python) must be lowercase" },
        { "docker/Docker", ImageReferencePart.Repository, "(docker/Docker) must be lowercase" },
        { "docker.io/docker/Docker", ImageReferencePart.Repository, "(docker/Docker) must be lowercase" },
        { "ghcr.io/Owner/image:tag", ImageReferencePart.Repository, "(Owner/image) must be lowercase" },
        // Path components
        { "-docker", ImageReferencePart.Repository, "(-docker)" },
        { "-docker/docker", ImageReferencePart.Repository, "(-docker)" },
        { "docker-/docker", ImageReferencePart.Repository, "(docker-)" },
        { "-docker-/docker", ImageReferencePart.Repository, "(-docker-)" },
        { "_docker/_docker", ImageReferencePart.Repository, "(_docker)" },
        { "____/____", ImageReferencePart.Repository, "(____)" },
        { "dock__-er/docker", ImageReferencePart.Repository, "(dock__-er)" },
        { "docker/dock..er", ImageReferencePart.Repository, "(dock..er)" },
        { "docker/dock_.er", ImageReferencePart.Repository, "(dock_.er)" },
        { "docker/dock-.er", ImageReferencePart.Repository, "(dock-.er)" },
        { "docker/dock__--er", ImageReferencePart.Repository, "(dock__--er)" },
        { "docker///docker", ImageReferencePart.Repository, "empty path component" },
        { "docker/", ImageReferencePart.Repository, "empty path component" },
        { "ghcr.io/", ImageReferencePart.Repository, "empty path component" },
        { "pythön", ImageReferencePart.Repository, "(pythön)" },
        { " python", ImageReferencePart.Repository, "( python)" },
        { "[fc00::1]", ImageReferencePart.Repository, "([fc00)" },
        { "[fc00::1]:5000", ImageReferencePart.Repository, "([fc00)" },
        { "example.com/" + new string('a', 256), ImageReferencePart.Repository, "must not be more than 255 characters" },
        { "example.com/" + string.Join('/', Enumerable.Repeat("abcdefghij", 24)), ImageReferencePart.Repository, "must not be more than 255 characters" },
        // Registry hosts
        { "-docker.io/docker/docker", ImageReferencePart.Registry, "(-docker.io)" },
        { "https://github.com/docker/docker", ImageReferencePart.Registry, "(https:)" },
        { "fc00::1:5000/debian", ImageReferencePart.Registry, "(fc00::1:5000)" },
        { "[fe80::1%eth0]:5000/debian", ImageReferencePart.Registry, "([fe80::1%eth0]:5000)" },
        { "[2001:db8:3:4::192.0.2.33]:5000/debian", ImageReferencePart.Registry, "([2001:db8:3:4::192.0.2.33]:5000)" },
        { "localhost:abc/foo", ImageReferencePart.Registry, "(localhost:abc)" },
        { "example.com:/foo", ImageReferencePart.Registry, "(example.com:)" },
        { "exa_mple.com/foo", ImageReferencePart.Registry, "(exa_mple.com)" },
        // Uppercase first component is a host for Docker (repository paths cannot be uppercase); its canonical, lowercase
        // form would be a Docker Hub namespace, so Monitor refuses it rather than keep two spellings of one host.
        { "Docker/docker", ImageReferencePart.Registry, "registry host (Docker) is a host only by its capitals" },
        { "FOO/bar:1", ImageReferencePart.Registry, "registry host (FOO) is a host only by its capitals" },
        { "gcr.io./distroless/static", ImageReferencePart.Registry, "(gcr.io.)" },
        { "0x7f.0.0.1:5000/app", ImageReferencePart.Registry, "(0x7f.0.0.1) reads as an IPv4 address" },
        { "2130706433:5000/app", ImageReferencePart.Registry, "(2130706433) reads as an IPv4 address" },
        { "g\u0441r.io/distroless/static", ImageReferencePart.Registry, "is not ASCII" },
        { "xn--zz.gcr.io/app", ImageReferencePart.Registry, "(xn--zz) that is not valid punycode" },
        { "gcr.io:65536/app", ImageReferencePart.Registry, "invalid port (65536)" },
        // A first component with '.' is a host; Docker falls back to an empty host when it is a valid
        // path instead, which no registry could serve, so Monitor rejects it.
        { "a.b_c-d/e", ImageReferencePart.Registry, "(a.b_c-d)" },
        { "dock..er/docker", ImageReferencePart.Registry, "(dock..er)" },
        { "dock-.er/docker", ImageReferencePart.Registry, "(dock-.er)" },
        { "python:tag/with/slash", ImageReferencePart.Registry, "(python:tag)" },
        // Tags
        { "python:", ImageReferencePart.Tag, "tag ()" },
        { "python:-bad", ImageReferencePart.Tag, "tag (-bad)" },
        { "python:.bad", ImageReferencePart.Tag, "tag (.bad)" },
        { "python:a b", ImageReferencePart.Tag, "tag (a b)" },
        { "python:3.13\n", ImageReferencePart.Tag, "tag (3.13\n)" },
        { "python:tåg", ImageReferencePart.Tag, "tag (tåg)" },
        { "python:a:b", ImageReferencePart.Tag, "tag (a:b)" },
        { "python:" + new string('t', 129), ImageReferencePart.Tag, "longer than 128" },
        // Digests
        { "python@", ImageReferencePart.Digest, "digest ()" },
        { "python@sha256:abc", ImageReferencePart.Digest, "digest (sha256:abc)" },
        { "python:tag@" + Hex64, ImageReferencePart.Digest, "expected sha256:<64 hex digits>" },
        { "python@sha256:" + Hex64[..40], ImageReferencePart.Digest, "not 40" },
        { "python@sha256:" + Hex64 + "00", ImageReferencePart.Digest, "not 66" },
        { "python@sha256:" + Hex64.ToUpperInvariant(), ImageReferencePart.Digest, "must be lowercase" },
        { "python@sha512:" + Hex64 + Hex64, ImageReferencePart.Digest, "(sha512) is not supported" },
        { "python@md5:" + Hex64[..32], ImageReferencePart.Digest, "(md5) is not supported" },
        { "python@" + Digest + "@x", ImageReferencePart.Digest, "is invalid" },
        { "python:ta@g", ImageReferencePart.Digest, "digest (g)" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_reference_normalises_like_docker(string input, string canonical, string registry, string repository, string? tag, string? digest)
    {
        var reference = ImageReference.Parse(input);

        Assert.Equal(canonical, reference.Canonical);
        Assert.Equal(registry, reference.Registry);
        Assert.Equal(repository, reference.Repository);
        Assert.Equal(tag, reference.Tag);
        Assert.Equal(digest, reference.Digest?.Value);
        Assert.Equal(canonical, reference.ToString());
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Canonical_form_parses_back_to_the_same_reference(string input, string canonical, string registry, string repository, string? tag, string? digest)
    {
        _ = (registry, repository, tag, digest);
        var reparsed = ImageReference.Parse(ImageReference.Parse(input).Canonical);

        Assert.Equal(canonical, reparsed.Canonical);
        Assert.Equal(ImageReference.Parse(input), reparsed);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_reference_throws_naming_the_offending_part(string input, ImageReferencePart part, string messageFragment)
    {
        var exception = Assert.Throws<ImageReferenceException>(() => ImageReference.Parse(input));

        Assert.Equal(part, exception.Part);
        Assert.Contains(messageFragment, exception.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<FormatException>(exception);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void TryParse_reports_the_same_error_without_throwing(string input, ImageReferencePart part, string messageFragment)
    {
        _ = part;
        var ok = ImageReference.TryParse(input, out var reference, out var error);

        Assert.False(ok);
        Assert.Null(reference);
        Assert.NotNull(error);
        Assert.Contains(messageFragment, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_succeeds_without_error_for_a_valid_reference()
    {
        Assert.True(ImageReference.TryParse("python:3.13", out var reference, out var error));
        Assert.Null(error);
        Assert.Equal("docker.io/library/python:3.13", reference.Canonical);
    }

    [Fact]
    public void TryParse_of_null_is_an_empty_reference_error()
    {
        Assert.False(ImageReference.TryParse(null, out _, out var error));
        Assert.Contains("empty", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("python", "latest")]
    [InlineData("python:3.13", "3.13")]
    [InlineData("python:3.13@" + Digest, Digest)]
    [InlineData("python@" + Digest, Digest)]
    public void Manifest_reference_prefers_digest_then_tag_then_latest(string input, string expected) =>
        Assert.Equal(expected, ImageReference.Parse(input).ManifestReference);

    [Fact]
    public void WithTag_replaces_tag_and_drops_digest()
    {
        var reference = ImageReference.Parse("ghcr.io/a/b:1@" + Digest).WithTag("2");

        Assert.Equal("ghcr.io/a/b:2", reference.Canonical);
        Assert.Null(reference.Digest);
    }

    [Fact]
    public void WithTag_rejects_an_invalid_tag()
    {
        var exception = Assert.Throws<ImageReferenceException>(() => ImageReference.Parse("python").WithTag("-x"));
        Assert.Equal(ImageReferencePart.Tag, exception.Part);
    }

    [Fact]
    public void WithoutTagOrDigest_names_the_repository()
    {
        var repository = ImageReference.Parse("python:3@" + Digest).WithoutTagOrDigest();

        Assert.Equal("docker.io/library/python", repository.Canonical);
        Assert.Equal("docker.io/library/python", repository.Name);
    }

    [Fact]
    public void References_with_equal_canonical_forms_are_equal()
    {
        Assert.Equal(ImageReference.Parse("python:3"), ImageReference.Parse("index.docker.io/library/python:3"));
        Assert.NotEqual(ImageReference.Parse("python:3"), ImageReference.Parse("python:4"));
    }
}
